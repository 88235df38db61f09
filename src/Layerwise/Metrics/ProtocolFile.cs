using Layerwise.Data.Readers;

namespace Layerwise.Metrics;

/// <summary>
/// CM protocol / key files. ASVspoof 2019 LA: <c>SPEAKER UTT - ATTACK KEY</c> (5 fields, ATTACK "-" for bona fide);
/// ASVspoof 2021 LA/DF <c>trial_metadata.txt</c>: <c>SPEAKER UTT CODEC TRANSMISSION|SOURCE ATTACK KEY TRIM PHASE ...</c>
/// (8 or more fields). Id = field 2; key = field 6 when it is bonafide|spoof (2021: attack = field 5, phase = field 8),
/// else field 5 (2019: attack = field 4). The paper's loader reads the key the same way (field 5, then field 6).
/// </summary>
public static class ProtocolFile
{
    public static IReadOnlyList<ProtocolEntry> Read(string path)
    {
        if (!File.Exists(path))
            throw new ScoreFileException(path, 0, "protocol file not found");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<ProtocolEntry> Parse(TextReader reader, string path)
    {
        var entries = new List<ProtocolEntry>();
        foreach (var (line, f) in ProtocolText.Read(reader, skipComments: true))
        {
            if (f.Length < 5)
                throw new ScoreFileException(path, line,
                    $"expected 'SPEAKER UTT - ATTACK KEY' (ASVspoof 2019) or an ASVspoof 2021 trial_metadata line, got {f.Length} fields");
            // 2021 key first: its bona fide lines carry "bonafide" in the attack field too (field 5).
            ProtocolEntry entry;
            if (f.Length >= 6 && TextFields.TryParseLabel(f[5], out var label))
                entry = new ProtocolEntry(f[1], label, f[4]) { Phase = f.Length >= 8 ? f[7] : null };
            else if (TextFields.TryParseLabel(f[4], out label))
                entry = new ProtocolEntry(f[1], label, f[3]);
            else
                throw new ScoreFileException(path, line,
                    $"no key: field 5 ('{f[4]}'){(f.Length >= 6 ? $" and field 6 ('{f[5]}')" : "")} is not bonafide|spoof");
            entries.Add(entry with { Speaker = f[0], Source = path, Line = line });
        }
        if (entries.Count == 0)
            throw new ScoreFileException(path, 0, "empty protocol");
        return entries;
    }
}
