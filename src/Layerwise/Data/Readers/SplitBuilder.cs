namespace Layerwise.Data.Readers;

/// <summary>Collects the utterances of one split: rejects duplicate ids (they would misalign scores), keeps entries
/// whose audio is missing (listing them in MissingAudio), and throws one <see cref="ProtocolFormatException"/>
/// for all malformed lines of a file.</summary>
internal sealed class SplitBuilder(string dataset, string split)
{
    readonly List<Utterance> _utterances = [];
    readonly List<string> _missing = [];
    readonly Dictionary<string, int> _firstLine = new(StringComparer.Ordinal);
    readonly List<ProtocolError> _errors = [];
    string? _lastFile;

    public void Error(int line, string message) => _errors.Add(new ProtocolError(line, message));

    public void Add(int line, Utterance utterance, bool audioExists)
    {
        if (_firstLine.TryGetValue(utterance.Id, out int first))
        {
            Error(line, $"duplicate utterance id '{utterance.Id}' (first at line {first})");
            return;
        }
        _firstLine[utterance.Id] = line;
        _utterances.Add(utterance);
        if (!audioExists)
            _missing.Add(utterance.AudioPath);
    }

    public int Count => _utterances.Count;

    /// <summary>Throws if the file had malformed lines; call once per protocol file read.</summary>
    public void ThrowIfErrors(string file)
    {
        _lastFile = file;
        if (_errors.Count > 0)
            throw new ProtocolFormatException(file, _errors.ToList());
    }

    /// <summary>The split; one without a single entry is an input error (an empty or wrong protocol file), never 0 utterances.</summary>
    public DatasetSplit Build() => _utterances.Count == 0
        ? throw new LayerwiseInputException($"{_lastFile ?? dataset}: no entries for split '{split}' of {dataset} (empty protocol file?)")
        : new(dataset, split, _utterances.ToList(), _missing.ToList());
}
