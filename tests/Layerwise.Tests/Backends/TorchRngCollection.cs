namespace Layerwise.Tests.Backends;

/// <summary>
/// Tests that rely on reseeding TorchSharp's global generator (same dropout masks twice) run alone: any other test
/// drawing random numbers on another thread in between would change the masks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRngCollection
{
    public const string Name = "torch global RNG";
}
