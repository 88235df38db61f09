using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Layerwise.Data.Demo;

/// <summary>The deterministic synthetic demo corpus: speech-like (or sung) utterances synthesised from a seed and
/// written in the on-disk layout of a real dataset (ASVspoof 2019 LA by default), so every reader, extractor and
/// notebook can run end to end without real data. SYNTHETIC: its numbers say nothing about real deepfakes.</summary>
public static class DemoCorpus
{
    /// <summary>Bumped whenever synthesis changes, so cached corpora from older code are rebuilt.</summary>
    public const int GeneratorVersion = 1;
    public const int SampleRate = DemoSynthesizer.SampleRate;
    public const string ManifestFileName = "layerwise-demo-manifest.json";
    public const string ReadmeFileName = "README.txt";

    /// <summary>Attack ids with a one-line description, for the given scenario (A01.. in order).</summary>
    public static IReadOnlyList<(string Id, string Name, string Description)> Attacks(DemoScenario scenario) =>
        scenario == DemoScenario.Scene
            ? SceneAttack.All.Select((a, i) => (DemoAttack.IdOf(i), a.Name, a.Description)).ToArray()
            : DemoAttack.All.Select((a, i) => (DemoAttack.IdOf(i), a.Name, a.Description)).ToArray();

    /// <summary>Reuses the corpus at <paramref name="root"/> if its manifest records the same options (and generator
    /// version) and its files are present with the recorded sizes and SHA-256; otherwise (re)builds it atomically.</summary>
    public static DemoCorpusInfo EnsureCreated(string root, DemoCorpusOptions options)
    {
        options.Validate();
        root = Path.GetFullPath(root);
        var existing = TryReadValid(root, options);
        return existing ?? Create(root, options);
    }

    /// <summary>Builds the corpus into a temporary sibling folder, then renames it to <paramref name="root"/>. An
    /// existing demo corpus there is replaced; any other non-empty folder is refused.</summary>
    public static DemoCorpusInfo Create(string root, DemoCorpusOptions options)
    {
        options.Validate();
        root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        CheckReplaceable(root);
        string parent = Path.GetDirectoryName(root) ?? throw new DemoCorpusException($"{root}: cannot build a corpus at a filesystem root");
        Directory.CreateDirectory(parent);
        string name = Path.GetFileName(root);
        string temp = Path.Combine(parent, $".{name}.building-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var info = Build(temp, options);
            Publish(temp, root, options);
            return info with { Root = root };
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Planned counts per split (what <see cref="Create"/> will write), without synthesising anything.</summary>
    public static IReadOnlyList<DemoSplitSummary> PlannedSplits(DemoCorpusOptions options)
    {
        options.Validate();
        var layout = new DemoLayout(options.Scenario, options.AudioFormat);
        return Plan(options, layout).Select((items, s) => Summarise(layout.Splits[s], items)).ToArray();
    }

    static void CheckReplaceable(string root)
    {
        if (File.Exists(root)) throw new DemoCorpusException($"{root}: exists and is a file, not a folder");
        if (!Directory.Exists(root) || !Directory.EnumerateFileSystemEntries(root).Any()) return;
        if (!File.Exists(Path.Combine(root, ManifestFileName)))
            throw new DemoCorpusException($"{root}: folder is not empty and is not a demo corpus (no {ManifestFileName}); refusing to overwrite it");
    }

    static void Publish(string temp, string root, DemoCorpusOptions options)
    {
        string? old = null;
        if (Directory.Exists(root))
        {
            CheckReplaceable(root);
            old = Path.Combine(Path.GetDirectoryName(root)!, $".{Path.GetFileName(root)}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(root, old);
        }
        try
        {
            Directory.Move(temp, root);
        }
        catch (IOException) when (TryReadValid(root, options) is not null)
        {
            // Another process published the same corpus first: theirs is as good as ours.
        }
        if (old is not null) Directory.Delete(old, recursive: true);
    }

    static List<DemoItem>[] Plan(DemoCorpusOptions o, DemoLayout layout)
    {
        int[] sizes = [o.TrainUtterances, o.DevUtterances, o.EvalUtterances];
        var result = new List<DemoItem>[3];
        for (int s = 0; s < 3; s++)
        {
            string split = layout.Splits[s];
            int n = sizes[s];
            int bona = (int)Math.Round(n * o.BonafideFraction, MidpointRounding.AwayFromZero);
            int attacks = s == 2 ? o.EvalAttacks : o.TrainAttacks;
            var labels = new List<int>(n);
            for (int i = 0; i < bona; i++) labels.Add(-1);
            int spoof = n - bona;
            for (int a = 0; a < attacks; a++)
                for (int i = 0; i < spoof / attacks + (a < spoof % attacks ? 1 : 0); i++) labels.Add(a);
            var rng = DemoRandom.For(o.Seed, "plan/" + split, 0);
            rng.Shuffle(labels);
            // Speakers: round-robin per label class, so every speaker has bona fide and spoofed utterances.
            int bonaSeen = 0, spoofSeen = 0;
            var items = new List<DemoItem>(n);
            for (int i = 0; i < n; i++)
            {
                int local = labels[i] < 0 ? bonaSeen++ : spoofSeen++;
                int speakerIndex = s * o.SpeakersPerSplit + local % o.SpeakersPerSplit;
                string speaker = layout.SpeakerId(speakerIndex);
                items.Add(new DemoItem(split, s, i, speakerIndex, speaker, layout.UtteranceId(s, i, labels[i] < 0, speaker), labels[i]));
            }
            result[s] = items;
        }
        return result;
    }

    static DemoSplitSummary Summarise(string split, List<DemoItem> items)
    {
        var attacks = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var it in items.Where(i => !i.Bonafide))
            attacks[it.AttackId] = attacks.GetValueOrDefault(it.AttackId) + 1;
        int bona = items.Count(i => i.Bonafide);
        return new DemoSplitSummary(split, items.Count, bona, items.Count - bona, attacks);
    }

    static DemoLanguage LanguageOf(DemoScenario scenario, int speakerIndex) =>
        scenario == DemoScenario.Multilingual ? DemoLanguage.All[speakerIndex % DemoLanguage.All.Length] : DemoLanguage.English;

    static DemoCorpusInfo Build(string dir, DemoCorpusOptions o)
    {
        var layout = new DemoLayout(o.Scenario, o.AudioFormat);
        var plan = Plan(o, layout);
        Directory.CreateDirectory(dir);
        int speakerCount = 3 * o.SpeakersPerSplit;
        var speakers = new DemoSpeaker[speakerCount];
        for (int i = 0; i < speakerCount; i++)
            speakers[i] = DemoSpeaker.Create(layout.SpeakerId(i), LanguageOf(o.Scenario, i), DemoRandom.For(o.Seed, "speaker", i));

        var all = plan.SelectMany(p => p).ToArray();
        var segments = new IReadOnlyList<Segment>?[all.Length];
        var durations = new double[all.Length];
        foreach (var rel in all.Select(layout.AudioPath).Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal))
            Directory.CreateDirectory(Path.Combine(dir, rel));
        // Each utterance depends only on (seed, split, index), so parallel generation writes identical bytes.
        Parallel.For(0, all.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var item = all[k];
            var rng = DemoRandom.For(o.Seed, "utt/" + item.Split, item.Index);
            var (samples, segs) = Render(item, speakers[item.SpeakerIndex], o, rng);
            segments[k] = segs;
            durations[k] = (double)samples.Length / SampleRate;
            var pcm = DemoWav.Quantise(samples);
            File.WriteAllBytes(Path.Combine(dir, layout.AudioPath(item)),
                o.AudioFormat == DemoAudioFormat.Flac ? DemoFlac.Encode(pcm, SampleRate) : DemoWav.Encode(pcm, SampleRate));
        });

        for (int s = 0; s < 3; s++)
            WriteLines(dir, layout.ProtocolPath(s), plan[s].Select(layout.ProtocolLine));
        WriteLines(dir, SpeakersPath(layout), speakers.Select(sp => string.Create(CultureInfo.InvariantCulture,
            $"{sp.Id} {sp.Language.Code} {(sp.Female ? "F" : "M")} {sp.F0:0.0}")));
        if (o.Scenario == DemoScenario.Partial)
        {
            for (int s = 0; s < 3; s++)
            {
                string split = layout.Splits[s];
                var idx = Enumerable.Range(0, all.Length).Where(k => all[k].SplitIndex == s).ToArray();
                WriteLines(dir, $"database/{split}/{split}.lst", idx.Select(k => all[k].Id));
                WriteLines(dir, $"database/segment_labels/{split}_seglab_0.16.txt",
                    idx.Select(k => DemoLayout.SegmentLabelLine(all[k].Id, segments[k]!, durations[k])));
                WriteLines(dir, $"database/segment_labels/{split}_segments.txt",
                    idx.Select(k => DemoLayout.SegmentTimesLine(all[k].Id, segments[k]!)));
            }
        }
        var summaries = plan.Select((items, s) => Summarise(layout.Splits[s], items)).ToArray();
        File.WriteAllText(Path.Combine(dir, ReadmeFileName), Readme(o, layout, summaries), Utf8);

        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => (Path: rel, Bytes: new FileInfo(Path.Combine(dir, rel)).Length, Sha: Sha256File(Path.Combine(dir, rel))))
            .ToArray();
        string tree = Hex(SHA256.HashData(Utf8.GetBytes(string.Concat(files.Select(f => $"{f.Path}\t{f.Sha}\n")))));
        string optionsHash = OptionsHash(o);
        WriteManifest(Path.Combine(dir, ManifestFileName), o, layout, optionsHash, tree, summaries, files);
        return new DemoCorpusInfo(dir, o, layout.DatasetId, summaries, optionsHash, tree, files.Length + 1,
            files.Sum(f => f.Bytes) + new FileInfo(Path.Combine(dir, ManifestFileName)).Length, Reused: false);
    }

    static string SpeakersPath(DemoLayout layout) => layout.Scenario switch
    {
        DemoScenario.Partial => "database/demo_speakers.txt",
        DemoScenario.Song => "demo_singers.txt",
        DemoScenario.Scene => "SceneFake/demo_speakers.txt",
        _ => "LA/demo_speakers.txt",
    };

    static (double[] Samples, IReadOnlyList<Segment>? Segments) Render(DemoItem item, DemoSpeaker speaker, DemoCorpusOptions o, DemoRandom rng)
    {
        double seconds = rng.Uniform(o.MinSeconds, o.MaxSeconds);
        bool song = o.Scenario == DemoScenario.Song;
        var clean = DemoSynthesizer.Synthesize(speaker, seconds, rng, song);
        double[] y;
        IReadOnlyList<Segment>? segs = null;
        switch (o.Scenario)
        {
            case DemoScenario.Partial:
                (y, segs) = item.Bonafide
                    ? (clean.Samples, new[] { new Segment(0, Round3((double)clean.Samples.Length / SampleRate), Label.Bonafide) })
                    : Splice(clean, DemoSynthesizer.Synthesize(speaker, seconds, rng), DemoAttack.All[item.Attack], rng);
                break;
            case DemoScenario.Scene:
            {
                int n = clean.Samples.Length;
                string kind = rng.Pick(DemoScenes.Kinds);
                double snr = rng.Uniform(5, 20);
                var mixture = DemoScenes.Mix(clean.Samples, DemoScenes.Generate(kind, n, rng), snr);
                if (item.Bonafide) y = mixture;
                else
                {
                    string other = rng.Pick(DemoScenes.Kinds.Where(k => k != kind).ToArray());
                    y = SceneAttack.All[item.Attack].Apply(mixture, DemoScenes.Generate(other, n, rng), rng.Uniform(5, 20));
                }
                break;
            }
            default:
                y = item.Bonafide ? clean.Samples : DemoAttack.All[item.Attack].Apply(clean, rng);
                break;
        }
        Normalise(y, rng);
        return (y, segs);
    }

    static double Round3(double x) => Math.Round(x, 3, MidpointRounding.AwayFromZero);

    /// <summary>PartialSpoof-like: 1–3 stretches of an attacked utterance (same speaker) replace parts of a bona fide
    /// one, with 5 ms cross-fades at the joins.</summary>
    static (double[], IReadOnlyList<Segment>) Splice(DemoSignal host, DemoSignal donor, DemoAttack attack, DemoRandom rng)
    {
        var spoofed = attack.Apply(donor, rng);
        var y = (double[])host.Samples.Clone();
        int n = y.Length, fade = 80;
        MatchRms(spoofed, y);
        int count = 1 + rng.Next(3);
        var spans = new List<(int Start, int End)>();
        for (int tries = 0; spans.Count < count && tries < 20; tries++)
        {
            int len = (int)(rng.Uniform(0.2, 0.5) * SampleRate);
            if (len > n / 3) len = n / 3;
            int start = rng.Next(Math.Max(1, n - len));
            if (spans.Any(s => start < s.End + SampleRate / 10 && start + len > s.Start - SampleRate / 10)) continue;
            spans.Add((start, start + len));
        }
        spans.Sort();
        foreach (var (start, end) in spans)
        {
            for (int i = start; i < end && i < spoofed.Length; i++)
            {
                double w = Math.Min(1, Math.Min(i - start, end - 1 - i) / (double)fade);
                y[i] = (1 - w) * y[i] + w * spoofed[i];
            }
        }
        var segs = new List<Segment>();
        double pos = 0;
        foreach (var (start, end) in spans)
        {
            double a = Round3((double)start / SampleRate), b = Round3((double)end / SampleRate);
            if (a > pos) segs.Add(new Segment(pos, a, Label.Bonafide));
            segs.Add(new Segment(a, b, Label.Spoof));
            pos = b;
        }
        double total = Round3((double)n / SampleRate);
        if (total > pos) segs.Add(new Segment(pos, total, Label.Bonafide));
        return (y, segs);
    }

    static void MatchRms(double[] y, double[] reference)
    {
        double a = 1e-12, b = 1e-12;
        foreach (double v in y) a += v * v;
        foreach (double v in reference) b += v * v;
        double g = Math.Sqrt(b / a * y.Length / Math.Max(1, reference.Length));
        for (int i = 0; i < y.Length; i++) y[i] *= g;
    }

    /// <summary>Every file gets a random peak level in -7..-2 dBFS: level is not a cue for the label.</summary>
    static void Normalise(double[] y, DemoRandom rng)
    {
        double peak = 1e-9;
        foreach (double v in y) peak = Math.Max(peak, Math.Abs(v));
        double g = Math.Pow(10, rng.Uniform(-7, -2) / 20) / peak;
        for (int i = 0; i < y.Length; i++) y[i] *= g;
    }

    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    static void WriteLines(string dir, string rel, IEnumerable<string> lines)
    {
        string path = Path.Combine(dir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line).Append('\n');
        File.WriteAllText(path, sb.ToString(), Utf8);
    }

    static string Sha256File(string path)
    {
        using var stream = File.OpenRead(path);
        return Hex(SHA256.HashData(stream));
    }

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Canonical text of everything that determines the bytes (invariant culture, round-trip doubles).</summary>
    internal static string CanonicalOptions(DemoCorpusOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"generator={GeneratorVersion};seed={o.Seed};scenario={o.Scenario.ToString().ToLowerInvariant()};train={o.TrainUtterances};dev={o.DevUtterances};eval={o.EvalUtterances};" +
        $"bonafide_fraction={o.BonafideFraction:R};speakers_per_split={o.SpeakersPerSplit};train_attacks={o.TrainAttacks};eval_attacks={o.EvalAttacks};min_seconds={o.MinSeconds:R};max_seconds={o.MaxSeconds:R};audio={o.AudioFormat.ToString().ToLowerInvariant()}");

    static string OptionsHash(DemoCorpusOptions o) => Hex(SHA256.HashData(Utf8.GetBytes(CanonicalOptions(o))));

    static void WriteManifest(string path, DemoCorpusOptions o, DemoLayout layout, string optionsHash, string tree,
        DemoSplitSummary[] summaries, (string Path, long Bytes, string Sha)[] files)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", "layerwise-demo-corpus");
        w.WriteBoolean("synthetic", true);
        w.WriteString("notice", "SYNTHETIC data: results on it say nothing about real deepfakes.");
        w.WriteNumber("generator_version", GeneratorVersion);
        w.WriteString("dataset", layout.DatasetId);
        w.WriteString("options_canonical", CanonicalOptions(o));
        w.WriteString("options_hash", optionsHash);
        w.WriteString("tree_hash", tree);
        w.WriteStartObject("splits");
        foreach (var s in summaries)
        {
            w.WriteStartObject(s.Split);
            w.WriteNumber("utterances", s.Utterances);
            w.WriteNumber("bonafide", s.Bonafide);
            w.WriteNumber("spoof", s.Spoof);
            w.WriteStartObject("attacks");
            foreach (var (id, count) in s.Attacks) w.WriteNumber(id, count);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("files");
        foreach (var f in files)
        {
            w.WriteStartObject();
            w.WriteString("path", f.Path);
            w.WriteNumber("bytes", f.Bytes);
            w.WriteString("sha256", f.Sha);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The corpus at root if it is complete and built from the same options; null otherwise.</summary>
    static DemoCorpusInfo? TryReadValid(string root, DemoCorpusOptions o)
    {
        string manifest = Path.Combine(root, ManifestFileName);
        if (!File.Exists(manifest)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
            var r = doc.RootElement;
            if (r.GetProperty("options_hash").GetString() != OptionsHash(o)) return null;
            int count = 1;
            long bytes = new FileInfo(manifest).Length;
            foreach (var f in r.GetProperty("files").EnumerateArray())
            {
                var fi = new FileInfo(Path.Combine(root, f.GetProperty("path").GetString()!));
                if (!fi.Exists || fi.Length != f.GetProperty("bytes").GetInt64()) return null;
                // Content, not size: a file changed in place (same length) must not be reused. SHA-256 of the whole
                // corpus costs well under a second next to minutes of synthesis.
                if (Sha256File(fi.FullName) != f.GetProperty("sha256").GetString()) return null;
                count++;
                bytes += fi.Length;
            }
            var layout = new DemoLayout(o.Scenario, o.AudioFormat);
            var summaries = Plan(o, layout).Select((items, s) => Summarise(layout.Splits[s], items)).ToArray();
            return new DemoCorpusInfo(root, o, layout.DatasetId, summaries, OptionsHash(o),
                r.GetProperty("tree_hash").GetString()!, count, bytes, Reused: true);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null; // unreadable manifest: rebuild
        }
    }

    static string Readme(DemoCorpusOptions o, DemoLayout layout, DemoSplitSummary[] summaries)
    {
        var sb = new StringBuilder();
        sb.Append("*** SYNTHETIC DEMO CORPUS - NOT REAL SPEECH, NOT REAL DEEPFAKES ***\n\n");
        sb.Append("Every file here was generated by LayerwiseNotebooks (Layerwise.Data.Demo.DemoCorpus) from a seed.\n");
        sb.Append("The bona fide audio is source-filter synthesis of speech-like sounds; the spoofs are the same kind of\n");
        sb.Append("content passed through simple resynthesis \"attacks\". Detection results (EER, layer weights, ...) on this\n");
        sb.Append("corpus only show that the pipeline runs; they say NOTHING about real speech or real deepfakes.\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Layout: {layout.DatasetId} ({o.Scenario}); audio is 16 kHz 16-bit mono PCM, {(o.AudioFormat == DemoAudioFormat.Flac ? "FLAC (.flac)" : "WAV (.wav)")}.\n");
        sb.Append(CultureInfo.InvariantCulture, $"Options: {CanonicalOptions(o)}\n\n");
        sb.Append("Attacks:\n");
        foreach (var (id, name, description) in Attacks(o.Scenario))
            sb.Append(CultureInfo.InvariantCulture, $"  {id} {name}: {description}\n");
        sb.Append("\nSplits:\n");
        foreach (var s in summaries)
            sb.Append(CultureInfo.InvariantCulture, $"  {s.Split}: {s.Utterances} utterances, {s.Bonafide} bona fide, {s.Spoof} spoof ({string.Join(", ", s.Attacks.Select(a => $"{a.Key}={a.Value}"))})\n");
        return sb.ToString();
    }
}
