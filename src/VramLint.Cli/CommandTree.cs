using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using VramLint.Cli.Commands;
using VramLint.Core;

namespace VramLint.Cli;

/// <summary>
/// The System.CommandLine commands built from <see cref="Verbs"/>, and the translation of what its parser finds wrong
/// into VramLint's one-line usage errors, with a "did you mean" where a command or option was misspelt.
/// </summary>
internal sealed class CommandTree
{
    private readonly Dictionary<Command, string> paths = new();

    private CommandTree(RootCommand root) => Root = root;

    public RootCommand Root { get; }

    /// <summary>
    /// The commands, each bound to its verb's handler. Options are all strings or switches: their values are read and
    /// range-checked by the same code that reads the configuration files, so a flag and a key get the same message.
    /// </summary>
    public static CommandTree Build(CliContext context)
    {
        var root = new RootCommand("vramlint: check that vLLM deployments fit their GPUs");
        var tree = new CommandTree(root);
        tree.paths[root] = "vramlint";
        var help = root.Options.OfType<HelpOption>().Single();
        // One width everywhere: the same help in a terminal, a pipe and a test.
        var generated = (HelpAction)help.Action!;
        generated.MaxWidth = 120;
        help.Action = new CommandLine.HelpWithEpilog(generated);
        root.Options.OfType<VersionOption>().Single().Action = new CommandLine.PrintVersion();

        foreach (var verb in Verbs.All)
        {
            var parent = tree.Group(root, verb.Path);
            var command = new Command(verb.Name, verb.Summary);
            tree.paths[command] = verb.Path;
            var options = new List<(VerbOption Spec, Option Option)>();
            foreach (var spec in verb.Options)
            {
                Option option = spec.ValueName is null
                    ? new Option<bool>(spec.Name) { Description = spec.Description }
                    : new Option<string>(spec.Name) { Description = spec.Description, HelpName = spec.ValueName };
                if (spec.Values is { } values)
                {
                    option.CompletionSources.Add(_ => values().Select(v => new CompletionItem(v)));
                }

                command.Options.Add(option);
                options.Add((spec, option));
            }

            Option<string>? format = null;
            if (verb.Formats.Count > 1)
            {
                format = new Option<string>("--format") { Description = $"output format ({verb.Formats[0]} by default)", HelpName = string.Join("|", verb.Formats) };
                format.CompletionSources.Add(verb.Formats.ToArray());
                command.Options.Add(format);
            }

            Argument<string[]>? words = null;
            if (verb.Words is { } w)
            {
                words = new Argument<string[]>(w.Name) { Description = w.Description, HelpName = w.Name, Arity = ArgumentArity.ZeroOrMore };
                if (w.Values is { } values)
                {
                    words.CompletionSources.Add(_ => values().Select(v => new CompletionItem(v)));
                }

                command.Arguments.Add(words);
            }

            command.SetAction(parsed => Run(verb, Arguments(parsed, verb, options, format, words), context));
            parent.Subcommands.Add(command);
        }

        return tree;
    }

    /// <summary>Runs a verb, its text output coloured for a terminal (JSON and SARIF never).</summary>
    private static int Run(Verb verb, CommandArguments arguments, CliContext context)
    {
        if (!context.Colour || arguments.Format != "text")
        {
            return verb.Run(arguments, context);
        }

        using var coloured = new Output.ColourWriter(context.Stdout);
        return verb.Run(arguments, context with { Stdout = coloured });
    }

    /// <summary>
    /// The words System.CommandLine should parse: <c>help VERB</c> is <c>VERB --help</c>, and estimate's vLLM words start
    /// at its first plain word (<c>estimate --gpu L4 serve M --max-model-len 8192</c>), as if a <c>--</c> stood there.
    /// </summary>
    public static IReadOnlyList<string> Normalize(CommandTree tree, IReadOnlyList<string> args)
    {
        if (args[0].StartsWith("[suggest", StringComparison.Ordinal))
        {
            return args;
        }

        if (args[0] == "help")
        {
            return [.. args.Skip(1), "--help"];
        }

        var verb = Verbs.All.Where(v => ((IEnumerable<string>)args).Take(v.Path.Split(' ').Length).SequenceEqual(v.Path.Split(' '))).FirstOrDefault();
        if (verb is not { ForwardsWords: true })
        {
            return args;
        }

        var valueOptions = verb.Options.Where(o => o.ValueName is not null).Select(o => o.Name).Append("--format").ToHashSet(StringComparer.Ordinal);
        for (var i = verb.Path.Split(' ').Length; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return args;
            }

            if (arg.StartsWith("-", StringComparison.Ordinal) && arg != "-")
            {
                if (valueOptions.Contains(arg))
                {
                    i++;
                }

                continue;
            }

            return [.. args.Take(i), "--", .. args.Skip(i)];
        }

        return args;
    }

    /// <summary>What the parser found wrong, as one line: an unknown command or option with the nearest known one, a missing value.</summary>
    public string Explain(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = paths[command];
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var token = parsed.UnmatchedTokens[0];
            if (command.Subcommands.Count > 0)
            {
                var names = command.Subcommands.Select(c => c.Name).ToList();
                var within = command is RootCommand ? "" : $" for {path}";
                var near = Suggestion(token, names);
                return $"unknown command '{token}'{within}{(near.Length > 0 ? near : ": expected " + Listing(names))} ({RunHelp(command)})";
            }

            return token.StartsWith("-", StringComparison.Ordinal) ? UnknownOption(token, command) : $"unexpected argument '{token}' for {path}";
        }

        var error = parsed.Errors[0];
        return error.SymbolResult is OptionResult { Tokens.Count: 0 } missing
            ? $"{missing.Option.Name} needs a value"
            : error.Message;
    }

    /// <summary>
    /// A word that looks like an option but that System.CommandLine took as a path or id (it only calls unknown words
    /// errors where a command takes no words): an unknown option, unless it came after <c>--</c>.
    /// </summary>
    public void CheckNoStrayOptions(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var words = command.Arguments.Select(a => parsed.GetResult(a)).OfType<ArgumentResult>().SelectMany(r => r.Tokens).ToList();
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && words.Any(w => ReferenceEquals(w, token)))
            {
                throw new UsageException(UnknownOption(token.Value, command));
            }
        }
    }

    /// <summary>"unknown option '--revison' for models pull; did you mean '--revision'? (run 'vramlint models pull --help')".</summary>
    private string UnknownOption(string token, Command command)
    {
        var name = token.Split('=')[0];
        var known = command.Options.Concat(Root.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        return $"unknown option '{token}' for {paths[command]}{Suggestion(name, known)} ({RunHelp(command)})";
    }

    private string RunHelp(Command command) => command is RootCommand ? "run 'vramlint --help'" : $"run 'vramlint {paths[command]} --help'";

    private static string Suggestion(string written, IEnumerable<string> known) =>
        Spelling.Closest(written, known.OrderBy(n => n, StringComparer.Ordinal)) is { } near ? $"; did you mean '{near}'?" : "";

    private static string Listing(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    /// <summary>The group command a verb's path sits in ("models" for "models pull"), created on first use.</summary>
    private Command Group(RootCommand root, string verbPath)
    {
        Command parent = root;
        var words = verbPath.Split(' ');
        for (var i = 0; i < words.Length - 1; i++)
        {
            var name = words[i];
            var group = parent.Subcommands.FirstOrDefault(c => c.Name == name);
            if (group is null)
            {
                group = new Command(name, Verbs.Groups[name]);
                var groupPath = string.Join(' ', words.Take(i + 1));
                paths[group] = groupPath;
                var verbs = Verbs.All.Where(v => v.Path.StartsWith(groupPath + " ", StringComparison.Ordinal)).Select(v => v.Name).ToList();
                group.SetAction(new Func<ParseResult, int>(_ => throw new UsageException($"{groupPath} needs a verb: {Listing(verbs)}")));
                parent.Subcommands.Add(group);
            }

            parent = group;
        }

        return parent;
    }

    private static CommandArguments Arguments(ParseResult parsed, Verb verb, List<(VerbOption Spec, Option Option)> options, Option<string>? format, Argument<string[]>? words)
    {
        var chosen = format is null ? verb.Formats[0] : parsed.GetValue(format) ?? verb.Formats[0];
        if (!verb.Formats.Contains(chosen))
        {
            throw new UsageException($"--format '{chosen}' is not supported by {verb.Path}: expected {string.Join(", ", verb.Formats)}");
        }

        var arguments = new CommandArguments(chosen);
        foreach (var (spec, option) in options)
        {
            if (option is Option<bool> flag)
            {
                if (parsed.GetValue(flag))
                {
                    arguments.Switches.Add(spec.Name);
                }
            }
            else if (parsed.GetValue((Option<string>)option) is { } value)
            {
                if (spec.ConfigKey is { } key)
                {
                    arguments.Overrides[key] = value;
                    arguments.OverrideFlags[key] = spec.Name;
                }
                else
                {
                    arguments.Values[spec.Name] = value;
                }
            }
        }

        if (words is not null)
        {
            arguments.Positional.AddRange(parsed.GetValue(words) ?? []);
        }

        return arguments;
    }
}
