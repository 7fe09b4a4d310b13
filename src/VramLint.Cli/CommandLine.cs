using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using VramLint.Cli.Commands;
using VramLint.Core;

namespace VramLint.Cli;

/// <summary>
/// The <c>vramlint</c> command line on System.CommandLine: the verbs of <see cref="Verbs"/> become its commands, so help,
/// completion (<c>[suggest]</c>) and typo suggestions come from the one declaration; every failure becomes one line and
/// an exit code.
/// </summary>
public static class CommandLine
{
    /// <summary>What the root help adds after the generated command list.</summary>
    internal const string Epilog = """
        Configuration keys are also read from .globalconfig/.editorconfig files in the current folder and above
        (vramlint.gpu, vramlint.gpu_memory, vramlint.gpu_count, ...); flags win.

        models pull reads HF_ENDPOINT, HF_TOKEN and HTTPS_PROXY/HTTP_PROXY; builds never call it.
        Colour only on a terminal, and never with NO_COLOR set.

        Exit codes: 0 no error-severity finding (after the configured severities), 1 at least one,
        2 bad usage (an unknown command or option, a missing value, a path that does not exist).
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory) =>
        Run(args, stdout, stderr, workingDirectory, Environment.GetEnvironmentVariable);

    /// <param name="environment">Environment variables (HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE, HF_HOME, NO_COLOR); tests pass their own.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, Func<string, string?> environment) =>
        Run(args, stdout, stderr, workingDirectory, environment, stdoutIsTerminal: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);

    /// <param name="stdoutIsTerminal">Whether a person reads stdout (colour is allowed); tests say so explicitly.</param>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, Func<string, string?> environment, bool stdoutIsTerminal)
    {
        // Output for scripts and CI: numbers are written the same on every machine (25.4, never 25,4).
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            // Progress and colour only for a person watching a terminal: never in CI logs, pipes or tests.
            var interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
            var colour = Output.ColourWriter.Enabled(stdoutIsTerminal, environment);
            return RunCommand(args, new CliContext(stdout, stderr, workingDirectory, environment, interactive, colour));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    private static int RunCommand(string[] args, CliContext context)
    {
        try
        {
            if (args.Length == 0)
            {
                // No verb is a usage error: the help goes where errors go.
                Invoke(CommandTree.Build(context with { Stdout = context.Stderr }), ["--help"], context with { Stdout = context.Stderr });
                return ExitCodes.Usage;
            }

            var tree = CommandTree.Build(context);
            return Invoke(tree, CommandTree.Normalize(tree, args), context);
        }
        catch (UsageException e)
        {
            context.Stderr.WriteLine("vramlint: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            context.Stderr.WriteLine("vramlint: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (UnauthorizedAccessException e)
        {
            context.Stderr.WriteLine("vramlint: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, never a stack trace in a user's terminal or CI log.
            context.Stderr.WriteLine($"vramlint: internal error ({e.GetType().Name}: {e.Message}); please report it");
            return ExitCodes.Usage;
        }
    }

    private static int Invoke(CommandTree tree, IReadOnlyList<string> args, CliContext context)
    {
        // @file words are paths and model ids here, never response files.
        var parsed = tree.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // A [suggest] directive completes half-typed lines: their errors are expected, not reported.
        var completing = args.Count > 0 && args[0].StartsWith("[suggest", StringComparison.Ordinal);
        if (!completing && parsed.Action?.ClearsParseErrors != true)
        {
            if (parsed.Errors.Count > 0)
            {
                throw new UsageException(tree.Explain(parsed));
            }

            tree.CheckNoStrayOptions(parsed);
        }

        return parsed.Invoke(new InvocationConfiguration { Output = context.Stdout, Error = context.Stderr, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The root command's help with <see cref="Epilog"/> after it.</summary>
    internal sealed class HelpWithEpilog : SynchronousCommandLineAction
    {
        private readonly HelpAction help;

        public HelpWithEpilog(HelpAction help) => this.help = help;

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                parseResult.InvocationConfiguration.Output.WriteLine(Epilog);
            }

            return ExitCodes.Ok;
        }
    }

    /// <summary>--version: this tool's informational version (System.CommandLine's own reads the entry assembly, a test host under test).</summary>
    internal sealed class PrintVersion : SynchronousCommandLineAction
    {
        public static string Version =>
            typeof(CommandLine).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
            ?? typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }
}
