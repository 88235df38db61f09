namespace Layerwise.Data.Readers;

/// <summary>The paper's converted protocol format: {split}.txt (under the root or root/protocols) with lines
/// `SPEAKER UTT - SYSTEM KEY`, audio at {audio folder}/{UTT}{extension}. Any split name with a protocol file is
/// accepted; train, dev and eval are listed.</summary>
public sealed class GenericProtocolReader(DatasetReaderOptions? options = null) : DatasetReaderBase
{
    public const string CatalogId = "generic";
    readonly DatasetReaderOptions _options = options ?? DatasetReaderOptions.Default;

    public override string Id => CatalogId;
    public override IReadOnlyList<string> Splits { get; } = ["train", "dev", "eval"];

    static IReadOnlyList<string> ProtocolCandidates(string split) =>
        [$"{split}.txt", $"protocols/{split}.txt", $"{split}.trl.txt", $"protocols/{split}.trl.txt"];

    protected override string? AcceptOtherSplit(string root, string split) =>
        split.IndexOfAny(['/', '\\']) < 0 && Layout.FirstFile(root, ProtocolCandidates(split)) is not null ? split : null;

    protected override DatasetSplit ReadSplit(string root, string split)
    {
        string protocol = Layout.RequireFile(Id, root, $"protocol for split '{split}'", ProtocolCandidates(split));
        string ext = Dot(_options.Extension);
        IEnumerable<string> dirs = _options.AudioFolder is { } folder
            ? [Path.Combine(root, folder.Replace("{split}", split))]
            : Layout.Dirs(root, [$"{split}/flac", $"{split}/wav", split, "flac", "wav", "audio", "."]);
        var audio = new AudioIndex(dirs, ext);
        return FivePartProtocol.Read(Id, split, protocol, audio);
    }
}
