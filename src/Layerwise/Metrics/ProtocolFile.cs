namespace Layerwise.Metrics;

/// <summary>
/// CM protocol / key files. ASVspoof 2019 LA: <c>SPEAKER UTT - ATTACK KEY</c> (5 fields, ATTACK "-" for bona fide);
/// ASVspoof 2021 LA/DF <c>trial_metadata.txt</c>: <c>SPEAKER UTT CODEC TRANSMISSION|SOURCE ATTACK KEY TRIM PHASE ...</c>
/// (8 or more fields). The rule is the paper's loader's: id = field 2, key = field 5 if it is bonafide|spoof,
/// else field 6 (then the attack is field 5, else field 4); phase = field 8 when the key is field 6.
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
        foreach (var (line, f) in TextFields.Read(reader))
        {
            if (f.Length < 5)
                throw new ScoreFileException(path, line,
                    $"expected 'SPEAKER UTT - ATTACK KEY' (ASVspoof 2019) or an ASVspoof 2021 trial_metadata line, got {f.Length} fields");
            ProtocolEntry entry;
            if (TextFields.TryParseLabel(f[4], out var label))
                entry = new ProtocolEntry(f[1], label, f[3]);
            else if (f.Length >= 6 && TextFields.TryParseLabel(f[5], out label))
                entry = new ProtocolEntry(f[1], label, f[4]) { Phase = f.Length >= 8 ? f[7] : null };
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
