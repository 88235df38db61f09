namespace Layerwise.Tests;

/// <summary>Locations inside the repository, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LayerwiseNotebooks.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"repository root not found above {AppContext.BaseDirectory}");
    }
}
