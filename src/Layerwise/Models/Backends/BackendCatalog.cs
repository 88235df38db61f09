namespace Layerwise.Models.Backends;

/// <summary>The paper's back-ends by kind: create one, load a reference state dict, parse and print kind names.</summary>
public static class BackendCatalog
{
    /// <summary>A fresh back-end with the reference's initialisation (weight_hidd = ones, i.e. uniform layer weights).</summary>
    public static LayerwiseBackend Create(BackendKind kind, int featureDim, int numLayers) => kind switch
    {
        BackendKind.Ffn => new FfnBackend(featureDim, numLayers),
        BackendKind.Aasist => new AasistBackend(featureDim, numLayers),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown back-end"),
    };

    /// <summary>
    /// Builds the back-end a reference state dict describes (kind from its keys, C from LL.weight, n from
    /// weight_hidd) and loads it. Raises <see cref="BackendStateDictException"/> when the file is not one.
    /// </summary>
    public static LayerwiseBackend FromReferenceStateDict(string safetensorsOrPt)
    {
        var (kind, dim, layers) = ReferenceStateDict.Describe(safetensorsOrPt);
        var backend = Create(kind, dim, layers);
        try
        {
            backend.LoadReferenceStateDict(safetensorsOrPt);
            return backend;
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>"ffn" or "aasist" (any case) → kind; anything else → ArgumentException.</summary>
    public static BackendKind ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "ffn" => BackendKind.Ffn,
        "aasist" => BackendKind.Aasist,
        _ => throw new ArgumentException($"unknown back-end '{text}' (expected ffn or aasist)"),
    };

    /// <summary>The lower-case name used in files and on the command line ("ffn", "aasist").</summary>
    public static string Name(BackendKind kind) => kind switch
    {
        BackendKind.Ffn => "ffn",
        BackendKind.Aasist => "aasist",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown back-end"),
    };

    internal static void CheckShape(int featureDim, int numLayers)
    {
        if (featureDim < 1)
            throw new ArgumentOutOfRangeException(nameof(featureDim), featureDim, "feature size C must be at least 1");
        if (numLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, "number of layers n must be at least 1");
    }
}
