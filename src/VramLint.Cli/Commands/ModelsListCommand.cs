using VramLint.Core;
using VramLint.Core.Models;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint models list</c>: the embedded catalog, one repository a line.</summary>
internal static class ModelsListCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var stdout = context.Stdout;

        var models = ModelCatalog.All.Where(m => m.Exists).OrderBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
        var width = models.Select(m => m.Id.Length).DefaultIfEmpty(0).Max();
        foreach (var model in models)
        {
            var parameters = model.TotalParameters is { } p ? Numbers.F1(p / 1e9) + "B" : "?";
            var positions = model.MaxPositionEmbeddings is { } len ? Numbers.Int(len) : "?";
            var quantization = model.Quantization.IsQuantized ? " " + model.Quantization : "";
            stdout.WriteLine($"{model.Id.PadRight(width)}  {model.ModelType ?? "?",-14} {parameters,8}  max-position {positions}{quantization}");
        }

        stdout.WriteLine($"{models.Count} models in the embedded catalog; 'vramlint models show ID' for one, 'vramlint models pull ID' for one that is not here");
        return ExitCodes.Ok;
    }
}
