using System.Text.RegularExpressions;
using VramLint.Core.Arguments;
using VramLint.Yaml.Scripts;

namespace VramLint.Yaml.Recognizers;

/// <summary>The kinds of non-YAML file that can launch vLLM.</summary>
public enum ScriptKind
{
    None,
    Shell,
    Dockerfile,
    Makefile,
}

/// <summary>
/// vLLM launches in shell scripts (<c>*.sh</c>), Dockerfiles (<c>ENV</c>/<c>ARG</c> then <c>ENTRYPOINT</c> + <c>CMD</c>; a
/// vLLM base image's entrypoint is <c>vllm serve</c>) and Makefiles (<c>VAR ?= value</c> then recipe lines). Every
/// position is the file's own.
/// </summary>
internal static class ScriptFileRecognizer
{
    private static readonly Regex MakeAssignment = new(@"^([A-Za-z_][A-Za-z0-9_]*)\s*(\?=|:=|::=|=)\s*(.*?)\s*$", RegexOptions.CultureInvariant);

    public static ScriptKind KindOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (name.EndsWith(".sh", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".bash", StringComparison.OrdinalIgnoreCase))
        {
            return ScriptKind.Shell;
        }

        if (name is "Dockerfile" or "Containerfile" || name.StartsWith("Dockerfile.", StringComparison.Ordinal) || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return ScriptKind.Dockerfile;
        }

        return name is "Makefile" or "makefile" or "GNUmakefile" || name.EndsWith(".mk", StringComparison.OrdinalIgnoreCase) ? ScriptKind.Makefile : ScriptKind.None;
    }

    public static IEnumerable<YamlDeployment> Find(string text, ScriptKind kind, string? path = null, YamlProject? project = null)
    {
        SourceLocation? Locate(int start, int length) => new(new YamlOrigin(start, start + length, 0, length), 0, length);
        IReadOnlyDictionary<string, ShellVariable>? Source(string file)
        {
            // Only a plain path, relative to the script's folder (as when the script is run from there).
            var folder = path is null ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            return project is null || folder is null || file.IndexOf('$') >= 0 ? null : project.EnvFile(System.IO.Path.Combine(folder, file));
        }

        switch (kind)
        {
            case ScriptKind.Shell:
                return Deployments(ShellScript.Launches(text, Locate, source: Source), "script", text);
            case ScriptKind.Makefile:
                return Makefile(text, Locate);
            case ScriptKind.Dockerfile:
                return Dockerfile(text, Locate);
            default:
                return Enumerable.Empty<YamlDeployment>();
        }
    }

    private static IEnumerable<YamlDeployment> Deployments(IReadOnlyList<ShellLaunch> launches, string owner, string text)
    {
        for (var i = 0; i < launches.Count; i++)
        {
            var launch = launches[i];
            var anchor = TaskFileRecognizer.Origin(launch.At) ?? new YamlOrigin(0, Math.Min(text.Length, 1));
            var deployment = new YamlDeployment(launches.Count > 1 ? $"{owner} launch {i + 1}" : owner, anchor, launch.Unresolved is null ? launch.Arguments : null);
            if (launch.Unresolved is { } reason)
            {
                deployment.Skip(reason, TaskFileRecognizer.Origin(launch.UnresolvedAt) ?? anchor);
            }

            yield return deployment;
        }
    }

    /// <summary>Variables from top-level assignments; recipe lines (tab first) read as shell with $(VAR) expanded.</summary>
    private static IEnumerable<YamlDeployment> Makefile(string text, Func<int, int, SourceLocation?> locate)
    {
        var variables = new Dictionary<string, ShellVariable>(StringComparer.Ordinal);
        var recipe = text.Select(c => c == '\n' ? '\n' : ' ').ToArray();
        var index = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("\t", StringComparison.Ordinal))
            {
                // The recipe keeps its place in the file; the tab and the @ and - prefixes become spaces.
                var body = line.Substring(1);
                var lead = 1 + body.Length - body.TrimStart('@', '-', ' ').Length;
                for (var i = lead; i < line.Length; i++)
                {
                    recipe[index + i] = line[i];
                }
            }
            else if (MakeAssignment.Match(line) is { Success: true } m && !(m.Groups[2].Value == "?=" && variables.ContainsKey(m.Groups[1].Value)))
            {
                var valueStart = index + m.Groups[3].Index;
                variables[m.Groups[1].Value] = new ShellVariable(m.Groups[3].Value, locate(valueStart, m.Groups[3].Length));
            }

            index += raw.Length + 1;
        }

        return Deployments(ShellScript.Launches(new string(recipe), locate, variables, make: true), "Makefile recipe", text);
    }

    /// <summary>ENV/ARG values, then the last ENTRYPOINT and CMD: exec form (JSON) as is, shell form through the shell.</summary>
    private static IEnumerable<YamlDeployment> Dockerfile(string text, Func<int, int, SourceLocation?> locate)
    {
        var variables = new Dictionary<string, ShellVariable>(StringComparer.Ordinal);
        string? image = null;
        (int Start, string Body)? entrypoint = null, cmd = null;
        foreach (var (start, line) in ShellScript.LogicalLines(text))
        {
            var trimmed = line.TrimStart();
            var lead = start + line.Length - trimmed.Length;
            var space = trimmed.IndexOfAny(new[] { ' ', '\t' });
            if (space <= 0)
            {
                continue;
            }

            var instruction = trimmed.Substring(0, space).ToUpperInvariant();
            var bodyStart = lead + space + 1;
            var body = trimmed.Substring(space + 1);
            switch (instruction)
            {
                case "FROM":
                    image = body.Trim().Split(' ')[0];
                    entrypoint = null;
                    cmd = null;
                    break;
                case "ENV" or "ARG":
                    foreach (var word in ShellWords.Split(body))
                    {
                        var eq = word.Text.IndexOf('=');
                        if (eq > 0 && word.Location is { } l)
                        {
                            var unknown = new Dictionary<string, (string, SourceLocation?)>();
                            var value = new ArgumentToken(word.Text.Substring(eq + 1), locate(bodyStart + l.Start + eq + 1, l.Length - eq - 1));
                            var expanded = ShellScript.Expand(value, variables, false, unknown);
                            if (!(instruction == "ARG" && variables.ContainsKey(word.Text.Substring(0, eq))))
                            {
                                variables[word.Text.Substring(0, eq)] = new ShellVariable(expanded.Text, expanded.Location);
                            }
                        }
                    }

                    break;
                case "ENTRYPOINT":
                    entrypoint = (bodyStart, body);
                    break;
                case "CMD":
                    cmd = (bodyStart, body);
                    break;
            }
        }

        var words = new List<ArgumentToken>();
        var shellForm = false;
        foreach (var part in new[] { entrypoint, cmd })
        {
            if (part is not { } p)
            {
                continue;
            }

            if (p.Body.TrimStart().StartsWith("[", StringComparison.Ordinal))
            {
                words.AddRange(ExecForm(p.Body, p.Start, locate));
            }
            else
            {
                shellForm = true;
                words.Add(new ArgumentToken("sh"));
                words.Add(new ArgumentToken("-c"));
                words.Add(new ArgumentToken(p.Body, locate(p.Start, p.Body.Length)));
            }
        }

        if (words.Count == 0)
        {
            yield break;
        }

        if (entrypoint is null && (image ?? "").IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0 && !shellForm
            && !words[0].Text.Contains("vllm") && words[0].Text is not ("python" or "python3" or "sh" or "bash" or "/bin/sh" or "/bin/bash"))
        {
            // The vLLM images' entrypoint serves the model; CMD gives its arguments.
            words.InsertRange(0, new[] { new ArgumentToken("vllm"), new ArgumentToken("serve") });
        }

        if (shellForm)
        {
            var script = cmd ?? entrypoint!.Value;
            foreach (var deployment in Deployments(ShellScript.Launches(new string(' ', script.Start) + script.Body, locate, variables), "Dockerfile CMD", text))
            {
                yield return deployment;
            }

            yield break;
        }

        var parsed = VllmArgumentReader.Read(words);
        if (parsed.IsVllmCommand)
        {
            var anchor = TaskFileRecognizer.Origin(words.FirstOrDefault(w => w.Location is not null)?.Location) ?? new YamlOrigin(0, 1);
            var deployment = new YamlDeployment("Dockerfile CMD", anchor, parsed);
            if (words.FirstOrDefault(w => w.Text.Contains("$")) is { } literal)
            {
                deployment.Skip($"'{literal.Text}' is passed literally: the exec form (JSON) of CMD/ENTRYPOINT does not expand variables", TaskFileRecognizer.Origin(literal.Location) ?? anchor);
            }

            yield return deployment;
        }
    }

    /// <summary>A JSON string's escapes (\" \\ \/ \n \t); anything else is kept as written.</summary>
    private static string JsonUnescape(string value) =>
        Regex.Replace(value, @"\\(.)", m => m.Groups[1].Value switch { "n" => "\n", "t" => "\t", "r" => "\r", var c => c });

    /// <summary>The strings of a JSON array, each located inside its quotes.</summary>
    private static IEnumerable<ArgumentToken> ExecForm(string body, int start, Func<int, int, SourceLocation?> locate)
    {
        foreach (Match m in Regex.Matches(body, "\"((?:[^\"\\\\]|\\\\.)*)\""))
        {
            var value = m.Groups[1].Value;
            yield return value.Contains("\\")
                ? new ArgumentToken(JsonUnescape(value), locate(start + m.Index, m.Length))
                : new ArgumentToken(value, locate(start + m.Groups[1].Index, value.Length));
        }
    }
}
