namespace VramLint.Core.Models;

/// <summary>
/// What a front end knows about the models of one deployment file: the checked-in facts that apply to it, and a way to
/// read the config.json of a served model it can see itself (a local folder, the Hugging Face cache; the CLI only).
/// </summary>
public sealed record ModelFactsContext(ModelFactsLibrary Library, Func<string, string?>? ConfigJsonFor = null)
{
    /// <summary>The deployment with these facts attached.</summary>
    public DeploymentInput Apply(DeploymentInput input)
    {
        var model = input.Arguments.Settings.Model;
        var configJson = input.ModelConfigJson ?? (string.IsNullOrWhiteSpace(model) || Library.TryGet(model, out _) ? null : ConfigJsonFor?.Invoke(model!));
        return input with { ModelFacts = Library.IsEmpty ? input.ModelFacts : Library, ModelConfigJson = configJson };
    }
}
