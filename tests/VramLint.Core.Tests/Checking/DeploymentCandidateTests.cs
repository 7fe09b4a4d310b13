using VramLint.Core.Arguments;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

/// <summary>
/// What the C# and YAML deployments share: GPU requests read by one parser (a wrong value is a VRAM007 at the value),
/// and one placement rule mapping Core's ranges into the front end's file through <see cref="SourceOrigin"/>.
/// </summary>
public class DeploymentCandidateTests
{
    /// <summary>A front end's origin: the value's characters [start, end) in its file, its text from contentOffset.</summary>
    private sealed class Origin : SourceOrigin
    {
        public Origin(int start, int end, int contentOffset = -1, int contentLength = -1)
            : base(contentOffset, contentLength)
        {
            Start = start;
            End = end;
        }

        public override int Start { get; }

        public override int End { get; }
    }

    private sealed class Candidate : DeploymentCandidate
    {
        public Candidate()
            : base("service 'llm'", new Origin(100, 140))
        {
        }

        public ParsedArguments? Arguments { get; set; }

        public override DeploymentInput? ToInput() => Arguments is null ? null : Input(Arguments);
    }

    [Fact]
    public void A_range_inside_a_one_to_one_value_maps_to_its_exact_characters()
    {
        // "serve m --max-model-len 131072" written at 10..42 with its quotes; the text starts one character in.
        var origin = new Origin(10, 42, contentOffset: 1, contentLength: 30);

        Assert.Equal(new SourceRange(origin, 35, 41), SourceOrigin.Map(new SourceLocation(origin, 25, 6)));
        Assert.Equal(new SourceRange(origin, 10, 42), SourceOrigin.Map(new SourceLocation(origin, 1, 30)));
        Assert.Equal(new SourceRange(origin, 10, 42), SourceOrigin.Map(new SourceLocation(origin)));
        Assert.Equal(new SourceRange(origin, 40, 42), SourceOrigin.Map(new SourceLocation(origin, 30, 9)));
        Assert.Equal(new SourceRange(origin, 10, 42), SourceOrigin.Map(new SourceLocation(origin, 50, 2)));
        Assert.Null(SourceOrigin.Map(new SourceLocation("not a front end's origin", 0, 1)));
    }

    [Fact]
    public void A_value_whose_characters_do_not_map_is_placed_whole()
    {
        var escaped = new Origin(10, 42);

        Assert.Equal(new SourceRange(escaped, 10, 42), SourceOrigin.Map(new SourceLocation(escaped, 25, 6)));
    }

    [Fact]
    public void A_finding_lands_on_the_first_candidate_that_maps_else_on_the_anchor()
    {
        var model = new Origin(20, 51, 0, 31);
        var candidate = new Candidate
        {
            Arguments = VllmArgumentReader.Read(new[]
            {
                new ArgumentToken("serve", new SourceLocation("unmapped")),
                new ArgumentToken("meta-llama/Llama-3.1-8B-Instruct", new SourceLocation(model, 0, 31)),
                new ArgumentToken("--max-model-len", new SourceLocation("unmapped")),
                new ArgumentToken("131072", new SourceLocation("unmapped")),
            }),
        };
        var input = candidate.ToInput()!;

        // max-model-len's value has no range in the file: the model's value is next in the rule.
        Assert.Equal(new SourceRange(model, 20, 51), candidate.Place(new Finding(DiagnosticIds.DoesNotFit, "m", SettingNames.MaxModelLen), input));

        var unplaced = new Candidate { Arguments = VllmArgumentReader.Read(new[] { new ArgumentToken("serve"), new ArgumentToken("m") }) };
        Assert.Equal(new SourceRange(unplaced.Anchor, 100, 140), unplaced.Place(new Finding(DiagnosticIds.UnknownModel, "m"), unplaced.ToInput()!));
    }

    [Fact]
    public void Gpu_requests_are_a_count_a_device_list_or_all_and_anything_else_is_a_wrong_value_at_the_value()
    {
        var at = new Origin(5, 10);
        var count = new Candidate();
        count.RequestGpus("2", new SourceLocation(at), at, "--gpus");
        Assert.Equal((2, true), (count.GpuCount!.Value, count.GpuCountLocation is not null));

        var devices = new Candidate();
        devices.RequestGpus("\"device=0,2\"", new SourceLocation(at), at, "--gpus");
        Assert.Equal((2, false), (devices.GpuCount!.Value, devices.GpuCountLocation is not null));
        Assert.Equal(new[] { "0", "2" }, devices.GpuDevices);

        var all = new Candidate();
        all.RequestGpus("all", new SourceLocation(at), at, "--gpus");
        Assert.Null(all.GpuCount);
        Assert.Empty(all.Problems);

        var wrong = new Candidate();
        wrong.RequestGpus("lots", new SourceLocation(at), at, "--gpus");
        Assert.Null(wrong.GpuCount);
        var (finding, where) = Assert.Single(wrong.Problems);
        Assert.Equal((DiagnosticIds.InvalidValue, SettingNames.GpuCount), (finding.Id, finding.Setting));
        Assert.Equal("'--gpus': 'lots' is not a GPU count: expected a whole number of GPUs from 1 to 65536; the GPU count is not used", finding.Message);
        Assert.Same(at, where);

        var templated = new Candidate();
        Assert.False(templated.RequestGpuCount("${GPUS}", null, null, "count"));
        Assert.Empty(templated.Problems);

        var pinned = new Candidate { GpuCount = 4 };
        pinned.PinVisibleDevices("0,1");
        Assert.Equal((4, 2), (pinned.GpuCount!.Value, pinned.GpuDevices!.Count));
    }
}
