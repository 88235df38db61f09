namespace Layerwise.Tests.Analysis;

internal static class AnalysisFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "analysis", name);
}

/// <summary>A scratch folder deleted on dispose.</summary>
internal sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("layerwise-analysis-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
