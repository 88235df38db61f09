using System.Diagnostics;
using System.IO.Hashing;
using Layerwise.Features;
using Layerwise.Models.Backends;
using TorchSharp;

// The always-on cache check (one XxHash3 per layer read, plus the entry's binding) on a realistic entry
// (XLS-R: 24 layers x 201 frames x 1024), against the back-end's training step per utterance (batch 8, Adam); and
// the write of such an entry, as `extract` stores each utterance.
// Usage: dotnet run -c Release --project benchmarks/cache-check [-- repeats]
int repeats = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 15;
const int Layers = 24, Frames = 201, Hidden = 1024, Batch = 8;
torch.set_num_threads(Environment.ProcessorCount);
Layerwise.Runtime.NativeHeap.KeepFreedMemory(); // as the `layerwise` executable, where training reads the cache

var root = Directory.CreateTempSubdirectory("lw-cache-check-").FullName;
try
{
    var key = new FeatureCacheKey("bench/xlsr", "rev", "mono;16k;raw", "fixed:64600", Layers, false);
    var cache = FeatureCache.OpenOrCreate(root, key, Hidden);
    var rng = new Random(1);
    var values = new float[Layers * Frames * Hidden];
    for (int i = 0; i < values.Length; i++)
        values[i] = (float)(rng.NextDouble() * 4 - 2);
    cache.Write("ds", "utt", values, Frames);
    var bytes = File.ReadAllBytes(cache.EntryPath("ds", "utt"));
    var payload = bytes.AsMemory(bytes.Length - 2 * values.Length);

    double Median(Action action)
    {
        action();
        var t = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            t.Add(sw.Elapsed.TotalMilliseconds);
        }
        t.Sort();
        return t[t.Count / 2];
    }

    int perLayer = 2 * Frames * Hidden;
    double check = Median(() => { for (int l = 0; l < Layers; l++) XxHash3.HashToUInt64(payload.Span.Slice(l * perLayer, perLayer)); });
    double read = Median(() => { using var x = cache.Read("ds", "utt", Layers); });
    double verify = Median(() => { using var x = cache.Read("ds", "utt", Layers, verifyHash: true); });
    Console.WriteLine($"entry {Layers}x{Frames}x{Hidden} fp16 = {bytes.Length / 1e6:0.0} MB; median of {repeats}");
    Console.WriteLine($"always-on check (XxHash3 of 24 layers): {check:0.00} ms; whole cached read incl. check: {read:0.00} ms; read with --verify SHA-256: {verify:0.00} ms");
    // The write side, as `extract` stores each utterance: from the tensor's memory in place (FeatureCache.Write(Tensor):
    // SIMD fp16 conversion, SHA-256, XxHash3 per layer, temporary file + rename).
    using var hidden = torch.tensor(values, [Layers, Frames, Hidden]);
    int written = 0;
    double write = Median(() => cache.Write("ds", $"w{written++}", hidden));
    double copy = Median(() => hidden.data<float>().ToArray()); // what extract did before, on top of the write
    Console.WriteLine($"write of one entry from a tensor (extract's store step): {write:0.00} ms; TensorAccessor.ToArray() copy of it: {copy:0.00} ms");

    foreach (var kind in new[] { BackendKind.Ffn, BackendKind.Aasist })
    {
        using var backend = BackendCatalog.Create(kind, Hidden, Layers);
        backend.train();
        var optimizer = torch.optim.Adam(backend.parameters(), lr: 1e-4);
        using var x = torch.randn(Batch, Layers, Frames, Hidden);
        using var y = torch.tensor(Enumerable.Range(0, Batch).Select(i => (long)(i % 2)).ToArray());
        double step = Median(() =>
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.cross_entropy(backend.forward(x), y);
            loss.backward();
            optimizer.step();
        }) / Batch;
        Console.WriteLine($"{kind}: training step per utterance (batch {Batch}) {step:0.00} ms; always-on check = {100 * check / step:0.00} % of it " +
                          $"(whole read = {100 * read / step:0.0} %)");
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}
