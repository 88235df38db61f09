using Layerwise.Analysis;

namespace Layerwise.Notebooks;

/// <summary>
/// The notebooks' defaults and the environment variables that override their parameters cells (so headless runs and
/// CI need no edits). One place, so a different default model is a one-line change.
/// </summary>
public static class NotebookDefaults
{
    /// <summary>The model used when the parameters cell leaves <c>model</c> empty and <c>LAYERWISE_MODEL</c> is unset: the
    /// embedded tiny HuBERT the project pretrained on its synthetic speech (<c>tiny</c> = random weights).</summary>
    public const string Model = Models.Ssl.EmbeddedModels.PretrainedDemo;

    /// <summary>Names the data home (one sub-folder per catalog id); see <see cref="Data.DataHome"/>.</summary>
    public const string DataVariable = Data.DataHome.Variable;
    /// <summary>Overrides the <c>model</c> parameter: a local folder, a hub repo id, a preset or "tiny".</summary>
    public const string ModelVariable = "LAYERWISE_MODEL";
    /// <summary>Overrides the <c>device</c> parameter: auto, cpu, cuda.</summary>
    public const string DeviceVariable = "LAYERWISE_DEVICE";
    /// <summary>Switches quick mode on ("1" or "true").</summary>
    public const string QuickVariable = "LAYERWISE_QUICK";
    /// <summary>Moves the shared work folder.</summary>
    public const string WorkVariable = "LAYERWISE_NOTEBOOK_WORK";
}
