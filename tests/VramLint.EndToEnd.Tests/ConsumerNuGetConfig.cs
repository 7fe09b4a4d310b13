using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VramLint.EndToEnd.Tests;

/// <summary>
/// The nuget.config of a generated consumer: the run-private feed, the machine's own upstream sources, package source
/// mapping so that VramLint can only come from the private feed, and a run-private packages folder, so the package
/// under test is never read from (or left in) the user's cache.
/// </summary>
public static class ConsumerNuGetConfig
{
    private const string FeedKey = "vramlint-under-test";

    private static readonly Regex SourceName = new(@"^\s+\d+\.\s+(?<name>.+?)\s+\[[^\]]+\]\s*$", RegexOptions.Multiline);

    /// <summary>The names of the sources this machine's NuGet configuration defines, as seen from a folder without a nuget.config.</summary>
    public static IReadOnlyList<string> UpstreamSourceNames(string folder)
    {
        var (exit, output) = Dotnet.Run(folder, "nuget", "list", "source", "--format", "detailed");
        if (exit != 0)
        {
            throw new InvalidOperationException("dotnet nuget list source failed:\n" + output);
        }

        return SourceName.Matches(output).Select(m => m.Groups["name"].Value).Where(name => name != FeedKey).Distinct().ToList();
    }

    public static string Create(string feed, string packages, IReadOnlyList<string> upstream) => new XDocument(
        new XElement(
            "configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", FeedKey), new XAttribute("value", feed))),
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packages))),
            new XElement(
                "packageSourceMapping",
                new XElement(
                    "packageSource",
                    new XAttribute("key", FeedKey),
                    new XElement("package", new XAttribute("pattern", "VramLint")),
                    new XElement("package", new XAttribute("pattern", "VramLint.*"))),
                upstream.Select(name => new XElement("packageSource", new XAttribute("key", name), new XElement("package", new XAttribute("pattern", "*"))))))).ToString();
}
