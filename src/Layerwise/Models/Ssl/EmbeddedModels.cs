namespace Layerwise.Models.Ssl;

/// <summary>
/// Models shipped with the library: <c>pretrained-demo</c>, the tiny HuBERT the project pretrained on its own synthetic
/// speech (repository folder <c>models/pretrained-demo/</c>, copied beside Layerwise.dll at build; how it was made:
/// its pretraining.json and docs/pretraining.md). <c>tiny-random</c> (alias <c>tiny</c>) is the same architecture
/// with random weights, built, not shipped. Ids resolve through <see cref="Hub.ModelHub"/> like hub ids, so every
/// path that takes a model id (CLI --model, notebooks) accepts them.
/// </summary>
public static class EmbeddedModels
{
    public const string PretrainedDemo = "pretrained-demo";
    /// <summary>The random-weight tiny model (<see cref="SslConfig.Tiny"/>); "tiny" is kept as an alias.</summary>
    public const string TinyRandom = "tiny-random";

    /// <summary>Whether <paramref name="id"/> names the random-weight tiny model ("tiny-random" or "tiny").</summary>
    public static bool IsTinyRandom(string? id) =>
        id is not null && (id.Trim().Equals(TinyRandom, StringComparison.OrdinalIgnoreCase) || id.Trim().Equals("tiny", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="id"/> names a shipped model folder.</summary>
    public static bool IsEmbedded(string? id) => id is not null && id.Trim().Equals(PretrainedDemo, StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder of a shipped model, or null when <paramref name="id"/> is not one. Throws
    /// <see cref="SslInputException"/> when the id is known but the build output lacks the folder.</summary>
    public static string? Find(string? id)
    {
        if (!IsEmbedded(id))
            return null;
        foreach (var root in SearchRoots())
        {
            string folder = Path.Combine(root, "models", PretrainedDemo);
            if (File.Exists(Path.Combine(folder, "config.json")) && File.Exists(Path.Combine(folder, "model.safetensors")))
                return Path.GetFullPath(folder);
        }
        throw new SslInputException($"{PretrainedDemo}: models/{PretrainedDemo}/ is not beside {typeof(EmbeddedModels).Assembly.Location} (rebuild the project)");
    }

    // Beside Layerwise.dll first (a notebook kernel's base directory is the kernel's, not ours), then the app's.
    static IEnumerable<string> SearchRoots()
    {
        string? dll = Path.GetDirectoryName(typeof(EmbeddedModels).Assembly.Location);
        if (!string.IsNullOrEmpty(dll))
            yield return dll;
        yield return AppContext.BaseDirectory;
    }
}
