namespace Layerwise.Data.Readers;

/// <summary>Finds audio files by id in a few candidate folders. Each folder is listed once (a File.Exists per
/// utterance would be slow on 70k-file sets); the first folder, then the first extension, wins. An id that
/// is not found resolves to the path where it was expected, so it can be named in MissingAudio.</summary>
internal sealed class AudioIndex
{
    readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);
    readonly string[] _extensions;
    readonly string _primaryDir;

    /// <param name="dirs">Candidate folders in order of preference; those that do not exist are ignored.</param>
    /// <param name="extensions">With the dot, preferred first, e.g. ".flac", ".wav".</param>
    public AudioIndex(IEnumerable<string> dirs, params string[] extensions)
    {
        _extensions = extensions;
        var all = dirs.ToList();
        var existing = all.Where(Directory.Exists).ToList();
        _primaryDir = existing.FirstOrDefault() ?? all.FirstOrDefault() ?? ".";
        foreach (string dir in existing)
            foreach (string file in Directory.EnumerateFiles(dir))
                _byName.TryAdd(Path.GetFileName(file), file);
        ExistingDirs = existing;
        // A missing file is named with the extension the folder actually holds (a .wav corpus shows .wav).
        _missingExtension = extensions.OrderByDescending(e => _byName.Keys.Count(k => k.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault() ?? "";
    }

    readonly string _missingExtension;

    public IReadOnlyList<string> ExistingDirs { get; }

    /// <summary>Resolves an id ("LA_T_1000137") or a file name that already carries its extension ("0.wav").</summary>
    public (string Path, bool Exists) Resolve(string idOrFileName)
    {
        if (HasAudioExtension(idOrFileName))
            return _byName.TryGetValue(idOrFileName, out var exact)
                ? (exact, true)
                : (System.IO.Path.Combine(_primaryDir, idOrFileName), false);
        foreach (string ext in _extensions)
            if (_byName.TryGetValue(idOrFileName + ext, out var found))
                return (found, true);
        return (System.IO.Path.Combine(_primaryDir, idOrFileName + _missingExtension), false);
    }

    bool HasAudioExtension(string name)
    {
        string ext = System.IO.Path.GetExtension(name);
        return ext.Length > 0 && _extensions.Contains(ext, StringComparer.OrdinalIgnoreCase);
    }

    static readonly string[] KnownAudio = [".wav", ".flac", ".mp3", ".ogg", ".m4a"];

    /// <summary>"0.wav" -> "0", but "ADD2023_T1.2_T_00000000" stays whole (its dot is not an extension).</summary>
    public static string StripAudioExtension(string name)
    {
        string ext = System.IO.Path.GetExtension(name);
        return KnownAudio.Contains(ext, StringComparer.OrdinalIgnoreCase) ? name[..^ext.Length] : name;
    }
}
