namespace VramLint.Cli.Commands;

/// <summary>
/// <c>vramlint completion bash|zsh|fish|pwsh</c>: a script that asks vramlint itself what completes the line, through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match the installed version's verbs,
/// options, formats and GPU names. No other tool (such as dotnet-suggest) is needed.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>Each shell's script. The line passed on starts after the command's own name, as the directive expects.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Scripts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bash"] = """
            # vramlint completion for bash; add to ~/.bashrc:  eval "$(vramlint completion bash)"
            _vramlint_complete() {
              local exe="${COMP_WORDS[0]}" line="${COMP_LINE:0:COMP_POINT}"
              line="${line#"$exe"}"
              line="${line# }"
              local IFS=$'\n'
              COMPREPLY=($(compgen -W "$("$exe" "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _vramlint_complete vramlint
            """,
        ["zsh"] = """
            # vramlint completion for zsh; add to ~/.zshrc:  eval "$(vramlint completion zsh)"
            _vramlint_complete() {
              local line="${BUFFER[1,CURSOR]}"
              line="${line#*vramlint}"
              line="${line# }"
              local -a items
              items=("${(@f)$(vramlint "[suggest:${#line}]" "$line" 2>/dev/null)}")
              compadd -a items
            }
            compdef _vramlint_complete vramlint
            """,
        ["fish"] = """
            # vramlint completion for fish; add to ~/.config/fish/completions/vramlint.fish:  vramlint completion fish | source
            function __vramlint_complete
                set -l line (commandline -cp | string replace -r '^\S+\s?' '')
                vramlint "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
            end
            complete -c vramlint -f -a '(__vramlint_complete)'
            """,
        ["pwsh"] = """
            # vramlint completion for PowerShell; add to $PROFILE:  vramlint completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName vramlint -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $text = $commandAst.ToString()
                $line = $text.Substring(0, [Math]::Min($text.Length, $cursorPosition - $commandAst.Extent.StartOffset)) -replace '^\S+\s?', ''
                vramlint "[suggest:$($line.Length)]" "$line" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }
            """,
    };

    public static int Run(CommandArguments arguments, CliContext context)
    {
        if (arguments.Positional.Count != 1 || !Scripts.TryGetValue(arguments.Positional[0], out var script))
        {
            var given = arguments.Positional.Count == 0 ? "no shell" : $"'{string.Join(" ", arguments.Positional)}'";
            throw new UsageException($"completion needs one shell, {given} given: expected {string.Join(", ", Scripts.Keys)}");
        }

        context.Stdout.Write(script.ReplaceLineEndings("\n") + "\n");
        return ExitCodes.Ok;
    }
}
