using System.Diagnostics;
using System.Text.Json;
using Layerwise.Data.Demo;
using Layerwise.Features;

namespace Layerwise.Tests.Engine;

/// <summary>A real SIGKILL: `layerwise extract` runs in a child process, is killed (kill -9) once a few entries
/// exist, and a rerun computes exactly the missing ones.</summary>
[Collection("Engine")]
public class SigkillExtractionTests
{
    [Fact]
    public void ExtractionKilledWithSigkillLosesNothingAndTheRerunComputesOnlyMissingEntries()
    {
        using var dir = new TempDir();
        var corpus = DemoCorpus.EnsureCreated(dir.Sub("corpus"), new DemoCorpusOptions
        {
            TrainUtterances = 12, DevUtterances = 4, EvalUtterances = 6, MinSeconds = 1.0, MaxSeconds = 1.2,
        });
        var cacheRoot = dir.Sub("cache");
        // A 1-block random wav2vec2-base (its 512-channel CNN on 64,600 samples, 0.2-2 s per utterance here) is slow enough to be killed mid-way.
        string[] args =
        [
            "extract", "--dataset", "demo", "--root", corpus.Root, "--split", "train", "--model", "wav2vec2-base",
            "--random-weights", "--layers", "1", "--cache", cacheRoot, "--batch", "1",
        ];

        using (var child = Start(args))
        {
            child.BeginOutputReadLine(); // drain the pipes so the child never blocks on a full one
            child.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (CountEntries(cacheRoot) < 2 && !child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
                Thread.Sleep(20);
            Assert.False(child.HasExited, "the child finished (or failed) before it could be killed");
            child.Kill(entireProcessTree: true); // SIGKILL on Unix
            child.WaitForExit();
        }
        int survived = CountEntries(cacheRoot);
        Assert.InRange(survived, 2, 11);

        using var rerun = Start(args);
        string stdout = rerun.StandardOutput.ReadToEnd();
        string stderr = rerun.StandardError.ReadToEnd();
        rerun.WaitForExit();
        Assert.True(rerun.ExitCode == 0, stderr);
        var split = JsonDocument.Parse(stdout).RootElement.GetProperty("splits")[0];
        Assert.Equal(12, split.GetProperty("utterances").GetInt32());
        Assert.Equal(survived, split.GetProperty("skipped").GetInt32());
        Assert.Equal(12 - survived, split.GetProperty("computed").GetInt32());
        Assert.Equal(12 - survived, split.GetProperty("ssl_forward_passes").GetInt32());

        var cache = FeatureCache.Open(Directory.GetDirectories(cacheRoot).Single());
        Assert.Equal(12, cache.Count("demo"));
        var verification = cache.Verify();
        Assert.True(verification.Ok, string.Join("; ", verification.Bad));
    }

    static int CountEntries(string root) =>
        Directory.Exists(root) ? Directory.EnumerateFiles(root, "*.lwf", SearchOption.AllDirectories).Count() : 0;

    static Process Start(string[] args) => CliProcess.Start(args);
}
