namespace VramLint.Core.Arguments;

/// <summary>
/// Finds the vLLM engine arguments inside a command: <c>vllm serve MODEL ...</c>, <c>python -m vllm.entrypoints.openai.api_server</c>,
/// <c>docker run ... vllm/vllm-openai ARGS</c>, <c>sh -c "..."</c> scripts, or bare arguments for an image whose entrypoint is <c>vllm serve</c>.
/// </summary>
internal static class CommandLocator
{
    /// <summary>docker/podman run options that take a separate value.</summary>
    private static readonly HashSet<string> DockerValueOptions = new(StringComparer.Ordinal)
    {
        "-p", "--publish", "-v", "--volume", "-e", "--env", "--env-file", "--name", "--gpus", "--ipc", "--shm-size", "--runtime", "--network", "--net",
        "-w", "--workdir", "-u", "--user", "--entrypoint", "-m", "--memory", "--cpus", "--device", "--mount", "-l", "--label", "--restart", "--platform",
        "--ulimit", "--hostname", "-h", "--pull", "--cap-add", "--security-opt", "--add-host", "--log-driver", "--log-opt",
    };

    public sealed record Located(IReadOnlyList<ArgumentToken> Arguments, bool IsVllm, bool ModelIsPositional, int? GpuCount = null, ArgumentToken? GpuToken = null);

    public static Located Locate(IReadOnlyList<ArgumentToken> tokens, int depth = 0)
    {
        var i = 0;
        while (i < tokens.Count && (tokens[i].Text is "env" or "exec" or "nohup" or "time" || IsAssignment(tokens[i].Text)))
        {
            i++;
        }

        if (i >= tokens.Count)
        {
            return new Located(Array.Empty<ArgumentToken>(), false, false);
        }

        var program = BaseName(tokens[i].Text);
        var rest = Slice(tokens, i + 1);

        if (depth < 4 && program is "sh" or "bash" or "dash" or "zsh" && rest.Count >= 2 && rest[0].Text.StartsWith("-", StringComparison.Ordinal) && rest[0].Text.IndexOf('c') > 0)
        {
            // "bash -lc -- 'script'": the "--" ends the shell's options; the script follows it.
            return FromScript(rest[1].Text == "--" && rest.Count >= 3 ? rest[2] : rest[1], depth);
        }

        if (program is "docker" or "podman" or "nerdctl")
        {
            return FromContainerRun(rest, depth);
        }

        if (program.StartsWith("python", StringComparison.Ordinal))
        {
            // Interpreter switches before the module (python -u -m ..., python3 -O -m ...).
            while (rest.Count > 0 && rest[0].Text.Length == 2 && rest[0].Text[0] == '-' && "uOBEsSIq".IndexOf(rest[0].Text[1]) >= 0)
            {
                rest = Slice(rest, 1);
            }

            if (rest.Count >= 2 && rest[0].Text == "-m" && rest[1].Text.StartsWith("vllm.entrypoints", StringComparison.Ordinal))
            {
                var afterModule = Slice(rest, 2);
                if (afterModule.Count > 0 && afterModule[0].Text == "serve")
                {
                    return new Located(Slice(afterModule, 1), true, true);
                }

                return new Located(afterModule, true, false);
            }

            return new Located(Array.Empty<ArgumentToken>(), false, false);
        }

        if (program == "vllm")
        {
            return rest.Count > 0 && rest[0].Text == "serve"
                ? new Located(Slice(rest, 1), true, true)
                : new Located(Array.Empty<ArgumentToken>(), false, false);
        }

        if (program == "serve")
        {
            return new Located(rest, true, true);
        }

        // Bare arguments, as given to an image whose entrypoint is "vllm serve": the first plain word is the model.
        var args = Slice(tokens, i);
        return new Located(args, args.Any(t => t.Text.StartsWith("-", StringComparison.Ordinal) && VllmFlags.IsEngineFlag(VllmFlags.Canonical(FlagName(t.Text)))), true);
    }

    private static Located FromScript(ArgumentToken script, int depth)
    {
        // Locations inside the script: offsets into the script's text, placed after its opening quote.
        var location = script.Location;
        var offset = location is null ? 0 : location.Start + (script.RawOffsets is { Count: > 0 } raw ? raw[0] : 0);
        var words = ShellWords.Split(script.Text, location?.Origin, location is null ? 0 : offset);
        if (location is null)
        {
            words = words.Select(w => new ArgumentToken(w.Text, null, null)).ToArray();
        }

        Located? fallback = null;
        foreach (var command in ShellWords.Commands(words))
        {
            var found = Locate(command, depth + 1);
            if (found.IsVllm && found.Arguments.Count > 0 && IsServeCommand(command))
            {
                return found;
            }

            fallback ??= found.IsVllm ? found : null;
        }

        return fallback ?? new Located(Array.Empty<ArgumentToken>(), false, false);
    }

    private static bool IsServeCommand(IReadOnlyList<ArgumentToken> command) =>
        command.Any(t => t.Text == "serve" || t.Text.StartsWith("vllm.entrypoints", StringComparison.Ordinal) || t.Text.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0);

    private static Located FromContainerRun(IReadOnlyList<ArgumentToken> rest, int depth)
    {
        var i = 0;
        if (i < rest.Count && rest[i].Text == "container")
        {
            i++;
        }

        if (i >= rest.Count || rest[i].Text != "run")
        {
            return new Located(Array.Empty<ArgumentToken>(), false, false);
        }

        i++;
        int? gpus = null;
        ArgumentToken? gpuToken = null;
        while (i < rest.Count && rest[i].Text.StartsWith("-", StringComparison.Ordinal))
        {
            var option = rest[i].Text;
            var eq = option.IndexOf('=');
            var name = eq > 0 ? option.Substring(0, eq) : option;
            string? value = eq > 0 ? option.Substring(eq + 1) : null;
            if (value is null && DockerValueOptions.Contains(name) && i + 1 < rest.Count)
            {
                i++;
                value = rest[i].Text;
            }

            if (name == "--gpus" && value is not null && GpuRequest.Count(value) is { } count)
            {
                gpus = count;
                gpuToken = rest[i];
            }

            i++;
        }

        if (i >= rest.Count)
        {
            return new Located(Array.Empty<ArgumentToken>(), false, false);
        }

        var image = rest[i].Text;
        var after = Slice(rest, i + 1);
        if (VllmImage.IsVllm(image))
        {
            // The image's entrypoint is "vllm serve" (or an explicit command follows it).
            var inner = after.Count > 0 && !after[0].Text.StartsWith("-", StringComparison.Ordinal) && BaseName(after[0].Text) is "vllm" or "python" or "python3" or "sh" or "bash"
                ? Locate(after, depth + 1)
                : new Located(after, true, true);
            return inner with { IsVllm = true, GpuCount = gpus, GpuToken = gpuToken };
        }

        return Locate(after, depth + 1) with { GpuCount = gpus, GpuToken = gpuToken };
    }

    internal static string FlagName(string text)
    {
        var eq = text.IndexOf('=');
        return eq > 0 ? text.Substring(0, eq) : text;
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        return eq > 0 && !word.StartsWith("-", StringComparison.Ordinal) && word.Take(eq).All(c => char.IsLetterOrDigit(c) || c == '_');
    }

    private static string BaseName(string word)
    {
        var slash = word.LastIndexOf('/');
        return slash >= 0 ? word.Substring(slash + 1) : word;
    }

    private static IReadOnlyList<ArgumentToken> Slice(IReadOnlyList<ArgumentToken> tokens, int from)
    {
        if (from >= tokens.Count)
        {
            return Array.Empty<ArgumentToken>();
        }

        // A copy by index: every command is sliced a few times, and LINQ's Skip builds an iterator for each.
        var slice = new ArgumentToken[tokens.Count - from];
        for (var i = 0; i < slice.Length; i++)
        {
            slice[i] = tokens[from + i];
        }

        return slice;
    }
}
