namespace Layerwise.Models.Backends;

/// <summary>The paper's two back-ends.</summary>
public enum BackendKind
{
    Ffn,
    Aasist,
}
