using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Layerwise.Data.Demo;

/// <summary>Options of the unlabeled pretraining corpus; the same options give byte-identical files.</summary>
public sealed record DemoPretrainCorpusOptions
{
    public ulong Seed { get; init; } = 2026;
    public int Speakers { get; init; } = 48;
    public int UtterancesPerSpeaker { get; init; } = 10;
    public double MinSeconds { get; init; } = 2.0;
    public double MaxSeconds { get; init; } = 4.0;

    public void Validate()
    {
        if (Speakers is < 1 or > 9999 || UtterancesPerSpeaker is < 1 or > 9999)
            throw new DemoCorpusException("pretraining corpus options: speakers and utterances per speaker must be in 1..9999");
        if (MinSeconds < 0.5 || MaxSeconds > 30 || MinSeconds > MaxSeconds)
            throw new DemoCorpusException("pretraining corpus options: durations must satisfy 0.5 <= min <= max <= 30 seconds");
    }

    /// <summary>One line that names every option (kept in the manifest; a folder is reused only when it matches).</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"generator={DemoPretrainCorpus.GeneratorVersion};seed={Seed};speakers={Speakers};utterances_per_speaker={UtterancesPerSpeaker};min_seconds={MinSeconds:R};max_seconds={MaxSeconds:R}");
}

/// <summary>What <see cref="DemoPretrainCorpus.EnsureCreated"/> found or wrote.</summary>
public sealed record DemoPretrainCorpusInfo(string Root, int Speakers, int Utterances, double Seconds, string TreeSha256, bool Reused);

/// <summary>
/// Unlabeled bona fide speech for self-supervised pretraining, from the demo synthesiser: more speakers and
/// utterances than the detection corpus. Its speakers come from their own random stream ("pretrain-speaker", ids
/// PT_xxxx), so none is a speaker of the detection corpus (LA_xxxx, stream "speaker"), its eval speakers included.
/// Layout: <c>wav/PT_0001/PT_0001_0001.wav</c> (16 kHz 16-bit mono), <c>utterances.tsv</c>, <c>MANIFEST.txt</c>.
/// </summary>
public static class DemoPretrainCorpus
{
    public const string GeneratorVersion = "pretrain-1";
    public const string ManifestFileName = "MANIFEST.txt";
    const string ListFileName = "utterances.tsv";

    public static string SpeakerId(int index) => $"PT_{index + 1:0000}";

    /// <summary>Creates the corpus at <paramref name="root"/>, or reuses it when its manifest names the same options.
    /// A non-empty folder that is not this corpus is never overwritten.</summary>
    public static DemoPretrainCorpusInfo EnsureCreated(string root, DemoPretrainCorpusOptions? options = null)
    {
        var o = options ?? new DemoPretrainCorpusOptions();
        o.Validate();
        root = Path.GetFullPath(root);
        string manifest = Path.Combine(root, ManifestFileName);
        if (File.Exists(manifest))
        {
            var lines = File.ReadAllLines(manifest);
            if (lines.Length >= 2 && lines[0] == o.Describe() && lines[1].StartsWith("tree_sha256=", StringComparison.Ordinal))
                return Summarise(root, o, lines[1]["tree_sha256=".Length..], reused: true);
            throw new DemoCorpusException($"{manifest}: a pretraining corpus made with other options ({(lines.Length > 0 ? lines[0] : "empty")}); choose another folder");
        }
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new DemoCorpusException($"{root}: folder is not empty and has no {ManifestFileName}; not overwriting it");

        int total = o.Speakers * o.UtterancesPerSpeaker;
        var speakers = Enumerable.Range(0, o.Speakers)
            .Select(i => DemoSpeaker.Create(SpeakerId(i), DemoLanguage.English, DemoRandom.For(o.Seed, "pretrain-speaker", i)))
            .ToArray();
        foreach (var s in speakers)
            Directory.CreateDirectory(Path.Combine(root, "wav", s.Id));
        var rel = new string[total];
        var seconds = new double[total];
        // Each utterance depends only on (seed, index), so parallel generation writes identical bytes.
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var speaker = speakers[k / o.UtterancesPerSpeaker];
            var rng = DemoRandom.For(o.Seed, "pretrain-utt", k);
            double length = rng.Uniform(o.MinSeconds, o.MaxSeconds);
            var signal = DemoSynthesizer.Synthesize(speaker, length, rng);
            rel[k] = $"wav/{speaker.Id}/{speaker.Id}_{k % o.UtterancesPerSpeaker + 1:0000}.wav";
            seconds[k] = (double)signal.Samples.Length / DemoSynthesizer.SampleRate;
            File.WriteAllBytes(Path.Combine(root, rel[k]), DemoWav.Encode(DemoWav.Quantise(signal.Samples), DemoSynthesizer.SampleRate));
        });
        var list = new StringBuilder("path\tspeaker\tseconds\n");
        for (int k = 0; k < total; k++)
            list.Append(CultureInfo.InvariantCulture, $"{rel[k]}\t{speakers[k / o.UtterancesPerSpeaker].Id}\t{seconds[k]:0.####}\n");
        File.WriteAllText(Path.Combine(root, ListFileName), list.ToString());
        // The tree hash covers every audio file and the list, in path order.
        var hashes = new StringBuilder();
        foreach (var path in rel.Append(ListFileName).Order(StringComparer.Ordinal))
            hashes.Append(path).Append('\t').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, path))))).Append('\n');
        string tree = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashes.ToString())));
        File.WriteAllText(manifest, $"{o.Describe()}\ntree_sha256={tree}\n");
        return Summarise(root, o, tree, reused: false);
    }

    static DemoPretrainCorpusInfo Summarise(string root, DemoPretrainCorpusOptions o, string tree, bool reused)
    {
        double seconds = File.ReadLines(Path.Combine(root, ListFileName)).Skip(1)
            .Sum(l => double.Parse(l.Split('\t')[2], CultureInfo.InvariantCulture));
        return new DemoPretrainCorpusInfo(root, o.Speakers, o.Speakers * o.UtterancesPerSpeaker, seconds, tree, reused);
    }
}
