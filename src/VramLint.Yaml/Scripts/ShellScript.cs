using System.Text;
using System.Text.RegularExpressions;
using VramLint.Core.Arguments;
using VramLint.Core.Settings;

namespace VramLint.Yaml.Scripts;

/// <summary>A variable a script can expand: its value and where that value is written (so findings and fixes land there).</summary>
internal sealed record ShellVariable(string Value, SourceLocation? Location, string? Unknown = null);

/// <summary>One vLLM launch found in a script, with its variables expanded; <see cref="Unresolved"/> names what could not be.</summary>
internal sealed record ShellLaunch(IReadOnlyList<ArgumentToken> Words, ParsedArguments Arguments, string? Unresolved, SourceLocation? UnresolvedAt, SourceLocation? At);

/// <summary>
/// Reads a shell script (a <c>*.sh</c> file, a <c>run:</c> block, a Dockerfile <c>CMD</c>, a Makefile recipe) the way a shell
/// runs it, as far as launching vLLM goes: logical lines (quotes and backslash continuations), commands cut at
/// <c>; &amp;&amp; || | &amp;</c>, assignments (<c>MODEL=...</c>, <c>export</c>), and expansions <c>$VAR</c>, <c>${VAR}</c>,
/// <c>${VAR:-default}</c> (unset or empty), <c>${VAR-default}</c> (unset), <c>${VAR:=default}</c>. A variable with no value
/// that feeds a setting the estimate needs is named, never guessed.
/// </summary>
internal static class ShellScript
{
    private const string Unset = "VRAMLINT_UNSET_";

    private static readonly Regex Reference = new(
        @"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*])|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\((.*?)\)|`[^`]*`",
        RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Declarations = new(StringComparer.Ordinal) { "export", "local", "readonly", "declare", "typeset" };

    /// <summary>Settings the estimate depends on: an unknown value in any other flag (a port, a served name) does not matter.</summary>
    private static readonly HashSet<string> Needed = new(StringComparer.Ordinal)
    {
        SettingNames.Model, SettingNames.TensorParallelSize, SettingNames.PipelineParallelSize, SettingNames.DataParallelSize, SettingNames.MaxModelLen,
        SettingNames.MaxNumSeqs, SettingNames.MaxNumBatchedTokens, SettingNames.GpuMemoryUtilization, SettingNames.KvCacheDtype, SettingNames.KvCacheMemoryBytes,
        SettingNames.Quantization, SettingNames.Dtype, SettingNames.CpuOffloadGb, SettingNames.EnforceEager, "speculative-config", "compilation-config",
        "max-loras", "max-lora-rank", "config",
    };

    /// <summary>
    /// The launches in <paramref name="script"/>. <paramref name="locate"/> maps a character range of the script to a
    /// location in the file (null when it cannot). <paramref name="make"/> reads <c>$(VAR)</c> as a variable and <c>$$</c> as <c>$</c>.
    /// </summary>
    public static IReadOnlyList<ShellLaunch> Launches(string script, Func<int, int, SourceLocation?> locate, IDictionary<string, ShellVariable>? environment = null, bool make = false, Func<string, IReadOnlyDictionary<string, ShellVariable>?>? source = null)
    {
        var variables = new Dictionary<string, ShellVariable>(environment ?? new Dictionary<string, ShellVariable>(), StringComparer.Ordinal);
        var launches = new List<ShellLaunch>();
        foreach (var (start, line) in LogicalLines(script))
        {
            var words = ShellWords.Split(line).Select(w => Relocate(w, start, locate)).ToList();
            foreach (var command in ShellWords.Commands(words))
            {
                if (Assign(command, variables, make))
                {
                    continue;
                }

                // "source ./.env" or ". ./env.sh": its assignments hold from here on; a file that is not there sets nothing.
                if (command.Count == 2 && command[0].Text is "source" or "." && source?.Invoke(command[1].Text) is { } sourced)
                {
                    foreach (var pair in sourced)
                    {
                        variables[pair.Key] = pair.Value;
                    }

                    continue;
                }

                if (!command.Any(w => w.Text.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0 || w.Text.IndexOf("$", StringComparison.Ordinal) >= 0))
                {
                    continue;
                }

                var unknown = new Dictionary<string, (string Name, SourceLocation? At)>(StringComparer.Ordinal);
                var expanded = command.Select(w => Expand(w, variables, make, unknown)).ToList();
                if (!expanded.Any(w => w.Text.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    continue;
                }

                var parsed = VllmArgumentReader.Read(expanded);
                if (!parsed.IsVllmCommand)
                {
                    continue;
                }

                // An unknown value in a flag the estimate does not need (--port $PORT) is left out, not reported as invalid.
                var unneeded = parsed.Occurrences.Values.Where(o => !Needed.Contains(o.Name) && (o.RawValue ?? "").IndexOf(Unset, StringComparison.Ordinal) >= 0).ToList();
                if (unneeded.Count > 0)
                {
                    var drop = new HashSet<ArgumentToken>();
                    foreach (var occurrence in unneeded)
                    {
                        var index = expanded.IndexOf(occurrence.FlagToken);
                        drop.Add(occurrence.FlagToken);
                        if (!occurrence.IsInlineValue && index >= 0 && index + 1 < expanded.Count)
                        {
                            drop.Add(expanded[index + 1]);
                        }
                    }

                    expanded = expanded.Where(w => !drop.Contains(w)).ToList();
                    parsed = VllmArgumentReader.Read(expanded);
                }

                var blocking = parsed.Occurrences.Values.FirstOrDefault(o => Needed.Contains(o.Name) && (o.RawValue ?? "").IndexOf(Unset, StringComparison.Ordinal) >= 0);
                string? reason = null;
                SourceLocation? at = null;
                if (blocking is not null)
                {
                    var sentinel = Regex.Match(blocking.RawValue!, Unset + @"\d+").Value;
                    var (name, where) = unknown.TryGetValue(sentinel, out var found) ? found : ("a value", blocking.BestLocation);
                    reason = $"{blocking.Name} is {Describe(name)}";
                    at = where;
                }

                launches.Add(new ShellLaunch(expanded, parsed, reason, at, command[0].Location));
            }
        }

        return launches;
    }

    private static string Describe(string name) => name.StartsWith("the ", StringComparison.Ordinal) ? name
        : name.Length == 1 && (char.IsDigit(name[0]) || name is "@" or "*") ? $"the script's argument ${name}, known only when it runs"
        : name.StartsWith("$(", StringComparison.Ordinal) || name.StartsWith("`", StringComparison.Ordinal)
        ? $"computed at run time by '{name}'"
        : $"the variable {name}, which has no value and no default here";

    /// <summary>Lines as the shell reads them: a newline inside quotes or after a backslash does not end one.</summary>
    internal static IEnumerable<(int Start, string Text)> LogicalLines(string script)
    {
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == '\\')
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(script[i - 1])))
            {
                while (i + 1 < script.Length && script[i + 1] != '\n')
                {
                    i++;
                }
            }
            else if (c == '\n')
            {
                yield return (start, script.Substring(start, i - start));
                start = i + 1;
            }
        }

        if (start < script.Length)
        {
            yield return (start, script.Substring(start));
        }
    }

    private static ArgumentToken Relocate(ArgumentToken word, int lineStart, Func<int, int, SourceLocation?> locate)
    {
        var location = word.Location is { HasRange: true } l ? locate(lineStart + l.Start, l.Length) : null;
        return new ArgumentToken(word.Text, location, word.RawOffsets);
    }

    /// <summary>NAME=value words (optionally after export/local/...): recorded; true when the command is only that.</summary>
    private static bool Assign(IReadOnlyList<ArgumentToken> command, Dictionary<string, ShellVariable> variables, bool make)
    {
        var i = command.Count > 0 && Declarations.Contains(command[0].Text) ? 1 : 0;
        var assignments = new List<(string Name, ArgumentToken Value)>();
        for (; i < command.Count; i++)
        {
            var text = command[i].Text;
            var eq = text.IndexOf('=');
            if (text.StartsWith("-", StringComparison.Ordinal) && Declarations.Contains(command[0].Text))
            {
                continue;
            }

            if (eq <= 0 || !IsName(text.Substring(0, eq).TrimEnd(':', '?', '+')))
            {
                break;
            }

            var name = text.Substring(0, eq).TrimEnd(':', '?', '+');
            var value = new ArgumentToken(text.Substring(eq + 1), command[i].Slice(eq + 1, text.Length - eq - 1), Shift(command[i].RawOffsets, eq + 1));
            if (text[eq - 1] == '?' && variables.ContainsKey(name))
            {
                continue;
            }

            assignments.Add((name, value));
        }

        if (i < command.Count || assignments.Count == 0)
        {
            // "A=1 vllm serve ...": the assignments hold for that command only; it is read with them.
            if (assignments.Count > 0 && i < command.Count)
            {
                foreach (var (name, value) in assignments)
                {
                    variables[name] = Variable(name, value, variables, make);
                }
            }

            return false;
        }

        foreach (var (name, value) in assignments)
        {
            variables[name] = Variable(name, value, variables, make);
        }

        return true;
    }

    /// <summary>An assignment's value; one built from something unknown (MODEL=$1) is unknown too, and says from what.</summary>
    private static ShellVariable Variable(string name, ArgumentToken value, Dictionary<string, ShellVariable> variables, bool make)
    {
        var unknown = new Dictionary<string, (string Name, SourceLocation? At)>(StringComparer.Ordinal);
        var expanded = Expand(value, variables, make, unknown);
        return unknown.Count == 0
            ? new ShellVariable(expanded.Text, expanded.Location)
            : new ShellVariable(expanded.Text, value.Location, $"the variable {name}, set from {Describe(unknown.Values.First().Name)}");
    }

    private static IReadOnlyList<int>? Shift(IReadOnlyList<int>? offsets, int from)
    {
        if (offsets is null || from >= offsets.Count)
        {
            return null;
        }

        var origin = offsets[from];
        return offsets.Skip(from).Select(o => o - origin).ToArray();
    }

    private static bool IsName(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>
    /// The word with its references expanded. A word that is one reference takes the variable's own location (the
    /// assignment's value, or the default inside the braces); other characters keep theirs.
    /// </summary>
    internal static ArgumentToken Expand(ArgumentToken word, IReadOnlyDictionary<string, ShellVariable> variables, bool make, Dictionary<string, (string Name, SourceLocation? At)> unknown)
    {
        var text = make ? word.Text.Replace("$$", "\u0001") : word.Text;
        var matches = Reference.Matches(text).Cast<Match>().ToList();
        if (matches.Count == 0)
        {
            return make ? new ArgumentToken(text.Replace("\u0001", "$"), word.Location, word.RawOffsets) : word;
        }

        var sb = new StringBuilder();
        var offsets = new List<int>();
        int Raw(int i) => word.RawOffsets is { } r ? r[Math.Min(i, r.Count - 1)] : i;
        SourceLocation? only = null;
        var last = 0;
        foreach (var m in matches)
        {
            for (var i = last; i < m.Index; i++)
            {
                sb.Append(text[i]);
                offsets.Add(Raw(i));
            }

            var (value, location) = Resolve(m, word, variables, make, unknown);
            for (var i = 0; i < value.Length; i++)
            {
                offsets.Add(Raw(m.Index));
            }

            sb.Append(value);
            only = matches.Count == 1 && m.Index == 0 && m.Length == text.Length ? location : null;
            last = m.Index + m.Length;
        }

        for (var i = last; i < text.Length; i++)
        {
            sb.Append(text[i]);
            offsets.Add(Raw(i));
        }

        offsets.Add(Raw(text.Length));
        var result = sb.ToString().Replace("\u0001", "$");
        return only is not null ? new ArgumentToken(result, only) : new ArgumentToken(result, word.Location, offsets);
    }

    private static (string Value, SourceLocation? Location) Resolve(Match m, ArgumentToken word, IReadOnlyDictionary<string, ShellVariable> variables, bool make, Dictionary<string, (string Name, SourceLocation? At)> unknown)
    {
        var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Success ? m.Groups[4].Value : m.Groups[5].Success ? m.Groups[5].Value : null;
        if (name is null || (m.Groups[5].Success && !make))
        {
            return Unknown(m.Value, word, unknown);
        }

        var has = variables.TryGetValue(name, out var variable);
        if (has && variable!.Unknown is { } described)
        {
            return Unknown(described, word, unknown);
        }

        if (m.Groups[2].Success && m.Groups[2].Value.EndsWith("+", StringComparison.Ordinal))
        {
            // ${VAR:+word}: the word when VAR is set (and, with the colon, not empty); else nothing.
            var set = has && (!m.Groups[2].Value.StartsWith(":", StringComparison.Ordinal) || variable!.Value.Length > 0);
            return set ? (m.Groups[3].Value, word.Slice(m.Groups[3].Index, m.Groups[3].Length)) : ("", word.Location);
        }

        if (m.Groups[2].Success)
        {
            var emptyCounts = m.Groups[2].Value.StartsWith(":", StringComparison.Ordinal);
            if (has && (!emptyCounts || variable!.Value.Length > 0))
            {
                return (variable!.Value, variable.Location);
            }

            var defaultStart = m.Groups[3].Index;
            return (m.Groups[3].Value, word.Slice(defaultStart, m.Groups[3].Length));
        }

        return has ? (variable!.Value, variable.Location) : Unknown(name, word, unknown);
    }

    private static (string, SourceLocation?) Unknown(string name, ArgumentToken word, Dictionary<string, (string Name, SourceLocation? At)> unknown)
    {
        var sentinel = Unset + unknown.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        unknown[sentinel] = (name, word.Location);
        return (sentinel, word.Location);
    }
}
