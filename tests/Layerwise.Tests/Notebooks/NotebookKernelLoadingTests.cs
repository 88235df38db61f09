using Layerwise.Notebooks;
using Layerwise.Tests.Ssl;
using TorchSharp.PyBridge;
using Xunit.Abstractions;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// Real Hugging Face-format checkpoints load inside the notebook kernel exactly as in the CLI: each weight format is
/// loaded by a kernel cell through <c>notebooks/layerwise.csx</c> and the same cell compares the hidden states with the
/// transformers reference outputs of the fixture. Before the resolver in layerwise.csx the kernel bound a second copy of
/// TorchSharp for PyBridge (MissingMethodException for safetensors, "missing parameter" for pytorch_model.bin).
/// </summary>
public sealed class NotebookKernelLoadingTests(ITestOutputHelper output) : IDisposable
{
    const string RepoId = "layerwise-test/wav2vec2-base-tiny";
    const string Commit = "0123456789abcdef0123456789abcdef01234567";
    readonly string root = Directory.CreateTempSubdirectory("lw-nb-load-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Copy(string fixture, string name)
    {
        string dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(SslFixtures.Folder(fixture)).Where(f => !Path.GetFileName(f).StartsWith("expected", StringComparison.Ordinal)))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    /// <summary>model.safetensors split in two shards with the transformers index file.</summary>
    string Sharded()
    {
        string dir = Copy("wav2vec2-base-tiny", "sharded");
        SslFixtures.ShardSafetensors(dir);
        return dir;
    }

    /// <summary>A hub cache (HF_HUB_CACHE layout: models--org--name/refs/main and snapshots/&lt;commit&gt;/) holding the fixture.</summary>
    string HubCache()
    {
        string cache = Path.Combine(root, "hub");
        string repo = Path.Combine(cache, "models--" + RepoId.Replace("/", "--", StringComparison.Ordinal));
        string snapshot = Path.Combine(repo, "snapshots", Commit);
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        Directory.CreateDirectory(snapshot);
        File.WriteAllText(Path.Combine(repo, "refs", "main"), Commit);
        foreach (var f in Directory.GetFiles(Copy("wav2vec2-base-tiny", "hub-source")))
            File.Copy(f, Path.Combine(snapshot, Path.GetFileName(f)));
        return cache;
    }

    static string Check(string label, string model, string fixture) =>
        $"Check(\"{label}\", @\"{model}\", @\"{Path.Combine(SslFixtures.Folder(fixture), "expected_single.safetensors")}\");\n";

    [Fact]
    public void EveryWeightFormatLoadsInTheKernelAsInTheCli()
    {
        string cache = HubCache();
        string cells = """
            using TorchSharp;
            void Check(string label, string model, string expectedFile)
            {
                string folder = Layerwise.Notebooks.NotebookContext.FindModelFolder(model) ?? throw new Exception(model + " not found");
                using var scope = torch.NewDisposeScope();
                var expected = TorchSharp.PyBridge.Safetensors.LoadStateDict(expectedFile);
                using var ssl = Layerwise.Models.Ssl.SslModels.Load(folder);
                using var output = ssl.Forward(expected["input"]);
                double worst = Enumerable.Range(0, 5).Max(k => (output.Hidden[k] - expected[$"hidden_{k}"]).abs().max().item<float>());
                Console.WriteLine($"LOADED {label} {ssl.Load!.Files.Count} {worst:R}");
            }

            """
            + Check("safetensors", SslFixtures.Folder("wav2vec2-base-tiny"), "wav2vec2-base-tiny")
            + Check("sharded", Sharded(), "wav2vec2-base-tiny")
            + Check("bin", SslFixtures.Folder("hubert-base-tiny"), "hubert-base-tiny")
            + Check("bin-wavlm", SslFixtures.Folder("wavlm-base-tiny"), "wavlm-base-tiny")
            + Check("hub", RepoId, "wav2vec2-base-tiny")
            + """
            Console.WriteLine("TORCHSHARP_COPIES " + AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == "TorchSharp"));
            """;
        string nb = NotebookKernel.WriteNotebook($"#load \"{Path.Combine(NotebookKernel.NotebookDir, "layerwise.csx")}\"", cells);
        try
        {
            var (code, log, result) = NotebookKernel.Execute(nb, TimeSpan.FromMinutes(5), ("HF_HUB_CACHE", cache), ("HF_HUB_OFFLINE", "1"));
            output.WriteLine(log);
            Assert.NotNull(result);
            string errors = NotebookKernel.Errors(result);
            Assert.True(errors == "" && code == 0, $"dotnet-repl exited {code}\n{errors}");
            string text = NotebookKernel.Text(result);
            output.WriteLine(text);
            foreach (var (label, files) in new[] { ("safetensors", 1), ("sharded", 2), ("bin", 1), ("bin-wavlm", 1), ("hub", 1) })
            {
                var line = text.Split('\n').SingleOrDefault(l => l.StartsWith($"LOADED {label} ", StringComparison.Ordinal));
                Assert.True(line is not null, $"{label}: no result line\n{text}");
                var parts = line.Split(' ');
                Assert.Equal(files, int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                double worst = double.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(worst <= 1e-4, $"{label}: hidden states differ from the transformers reference by {worst}");
            }
            Assert.Contains("TORCHSHARP_COPIES 1", text);
        }
        finally
        {
            File.Delete(nb);
        }
    }
}
