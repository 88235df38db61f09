namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>A class or function a pickle names (GLOBAL module name); never resolved or called, only recorded.</summary>
public sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
