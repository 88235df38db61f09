namespace Layerwise.Data.Readers;

/// <summary>The ASVspoof-2019-style protocol the paper's loader reads: `SPEAKER UTT - SYSTEM KEY`, KEY bonafide|spoof
/// (a sixth field is tolerated, and as in the paper's load_label KEY may sit in field 6 when field 5 is not a label).</summary>
internal static class FivePartProtocol
{
    public static DatasetSplit Read(string dataset, string split, string protocol, AudioIndex audio)
    {
        var builder = new SplitBuilder(dataset, split);
        foreach (var (line, f) in ProtocolText.Read(protocol))
        {
            if (f.Length is < 5 or > 6)
            {
                builder.Error(line, $"expected 5 fields 'SPEAKER UTT - SYSTEM KEY', got {f.Length}: '{ProtocolText.Show(f)}'");
                continue;
            }
            if (!Labels.TryPaperKey(f, out var label))
            {
                builder.Error(line, $"KEY must be 'bonafide' or 'spoof', got '{f[4]}'");
                continue;
            }
            string id = AudioIndex.StripAudioExtension(f[1]);
            var (path, exists) = audio.Resolve(id);
            string attack = f[3] is "_" ? Labels.NoAttack : f[3];
            builder.Add(line, new Utterance(id, path, label, attack, f[0], split), exists);
        }
        builder.ThrowIfErrors(protocol);
        return builder.Build();
    }
}
