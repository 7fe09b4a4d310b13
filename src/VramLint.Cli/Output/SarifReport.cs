using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VramLint.Cli.Commands;
using VramLint.Core.Diagnostics;
using VramLint.Yaml;

namespace VramLint.Cli.Output;

/// <summary>
/// <c>vramlint check --format sarif</c>: SARIF 2.1.0 as code-scanning services take it. Rules carry a name, both
/// descriptions, help and a help URI (from Core's registry); results carry paths relative to <c>%SRCROOT%</c> (the
/// working folder, given in <c>originalUriBaseIds</c>), a fingerprint that survives unrelated edits, and the fix
/// <c>vramlint fix</c> would apply as a SARIF <c>fixes</c> entry.
/// </summary>
internal static class SarifReport
{
    public const string SourceRoot = "%SRCROOT%";
    public const string FingerprintKey = "vramlintFinding/v1";

    public static void Write(TextWriter w, CheckRun run, string workingDirectory)
    {
        var rules = DiagnosticIds.All.ToList();
        var results = new JsonArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var reported in run.Reported)
        {
            var f = reported.Finding;
            var artifact = Artifact(f.Path, workingDirectory);
            var text = Lines(f.Path, lines);
            var result = new JsonObject
            {
                ["ruleId"] = f.Finding.Id,
                ["ruleIndex"] = rules.FindIndex(r => r.Id == f.Finding.Id),
                ["level"] = CheckReports.Level(reported.Severity),
                ["message"] = new JsonObject { ["text"] = f.Finding.Message },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = artifact.DeepClone(),
                        ["region"] = Region(f, text),
                        ["contextRegion"] = Context(f, text),
                    },
                }),
                ["partialFingerprints"] = new JsonObject { [FingerprintKey] = Fingerprint(f, artifact, seen, text) },
            };

            if (Fix(run, reported, artifact) is { } fix)
            {
                result["fixes"] = new JsonArray(fix);
            }

            // As a JsonNode: the generic Add<T> overload is marked unsafe for trimming and AOT (it wraps other values by reflection).
            results.Add((JsonNode)result);
        }

        if (run.CapacityFinding is { } capacity)
        {
            // Not about one file: a result without a location, as SARIF allows.
            results.Add((JsonNode)new JsonObject
            {
                ["ruleId"] = capacity.Id,
                ["ruleIndex"] = rules.FindIndex(r => r.Id == capacity.Id),
                ["level"] = CheckReports.Level(capacity.Severity),
                ["message"] = new JsonObject { ["text"] = capacity.Message },
            });
        }

        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "VramLint",
                        ["informationUri"] = "https://github.com/vramlint/vramlint",
                        ["semanticVersion"] = typeof(SarifReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                        ["rules"] = new JsonArray(rules.Select(Rule).ToArray<JsonNode?>()),
                    },
                },
                ["originalUriBaseIds"] = new JsonObject
                {
                    [SourceRoot] = new JsonObject { ["uri"] = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(workingDirectory)) + Path.DirectorySeparatorChar).AbsoluteUri },
                },
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = results,
            }),
        };

        w.WriteLine(sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject Rule(DiagnosticInfo info) => new()
    {
        ["id"] = info.Id,
        ["name"] = info.Name,
        ["shortDescription"] = new JsonObject { ["text"] = info.Title },
        ["fullDescription"] = new JsonObject { ["text"] = info.Description },
        ["help"] = new JsonObject
        {
            ["text"] = $"{info.Description} See {info.HelpLink}",
            ["markdown"] = $"{info.Description}\n\nSee [{info.Id}]({info.HelpLink}) for examples, fixes and how to suppress it.",
        },
        ["helpUri"] = info.HelpLink,
        ["defaultConfiguration"] = new JsonObject { ["level"] = CheckReports.Level(info.DefaultSeverity) },
    };

    /// <summary>The path relative to the working folder under <c>%SRCROOT%</c>; an absolute file URI for paths outside it.</summary>
    private static JsonObject Artifact(string path, string workingDirectory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(workingDirectory), Path.GetFullPath(path));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return new JsonObject { ["uri"] = new Uri(Path.GetFullPath(path)).AbsoluteUri };
        }

        var uri = string.Join("/", relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
        return new JsonObject { ["uri"] = uri, ["uriBaseId"] = SourceRoot };
    }

    /// <summary>
    /// Rule, file, setting and the text of the flagged line (not its number, nor the numbers in the message), so the
    /// same finding keeps its identity when lines move or the estimate changes; repeats are told apart by their order.
    /// </summary>
    private static string Fingerprint(YamlFinding f, JsonObject artifact, Dictionary<string, int> seen, string[] text)
    {
        var line = f.Line >= 1 && f.Line <= text.Length ? text[f.Line - 1].Trim() : "";
        var key = $"{f.Finding.Id}|{artifact["uri"]}|{f.Finding.Setting}|{line}";
        seen[key] = seen.TryGetValue(key, out var n) ? n + 1 : 0;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key + "|" + seen[key].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    /// <summary>The flagged span, with its text as the snippet when it lies on one line.</summary>
    private static JsonObject Region(YamlFinding f, string[] text)
    {
        var endLine = Math.Max(f.EndLine, f.Line);
        var endColumn = f.EndLine > f.Line ? f.EndColumn : Math.Max(f.EndColumn, f.Column);
        var region = new JsonObject { ["startLine"] = f.Line, ["startColumn"] = f.Column, ["endLine"] = endLine, ["endColumn"] = endColumn };
        if (endLine == f.Line && f.Line <= text.Length && endColumn - 1 <= text[f.Line - 1].Length)
        {
            region["snippet"] = new JsonObject { ["text"] = text[f.Line - 1].Substring(f.Column - 1, endColumn - f.Column) };
        }

        return region;
    }

    /// <summary>The flagged lines with one line either side, so a reader sees the setting in its place.</summary>
    private static JsonObject Context(YamlFinding f, string[] text)
    {
        var first = Math.Max(1, f.Line - 1);
        var last = Math.Min(Math.Max(text.Length, f.Line), Math.Max(f.EndLine, f.Line) + 1);
        var context = new JsonObject { ["startLine"] = first, ["endLine"] = last };
        if (last <= text.Length)
        {
            context["snippet"] = new JsonObject { ["text"] = string.Join("\n", text.Skip(first - 1).Take(last - first + 1).Select(l => l.TrimEnd('\r'))) };
        }

        return context;
    }

    private static string[] Lines(string path, Dictionary<string, string[]> cache)
    {
        if (!cache.TryGetValue(path, out var text))
        {
            text = ReadLines(path);
            cache[path] = text;
        }

        return text;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.Length <= YamlText.MaxBytes ? (YamlText.Decode(bytes, out _) ?? "").Split('\n') : Array.Empty<string>();
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>The edits <c>vramlint fix</c> applies for this finding's first fix, as character replacements.</summary>
    private static JsonObject? Fix(CheckRun run, ReportedYamlFinding reported, JsonObject artifact)
    {
        var finding = reported.Finding.Finding;
        if (finding.Fixes.Count == 0)
        {
            return null;
        }

        // This finding's own edits, as far as the file's edit list keeps them (overlapping edits are dropped there).
        var title = finding.Fixes[0].Title;
        var kept = run.EditsOf(reported.Finding.Path).ToHashSet();
        var edits = reported.Finding.Edits.Where(kept.Contains).ToList();
        if (edits.Count == 0)
        {
            return null;
        }

        var replacements = new JsonArray(edits.Select(e => (JsonNode)new JsonObject
        {
            ["deletedRegion"] = new JsonObject { ["charOffset"] = e.Start, ["charLength"] = e.End - e.Start },
            ["insertedContent"] = new JsonObject { ["text"] = e.Text },
        }).ToArray());
        return new JsonObject
        {
            ["description"] = new JsonObject { ["text"] = title },
            ["artifactChanges"] = new JsonArray(new JsonObject { ["artifactLocation"] = artifact.DeepClone(), ["replacements"] = replacements }),
        };
    }
}
