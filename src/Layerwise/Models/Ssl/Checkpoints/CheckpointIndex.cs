using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// Every tensor of a checkpoint by name, dtype and shape, with nothing read yet: safetensors headers, or the
/// parsed pickle of a torch.save file (pytorch_model.bin, fairseq/unilm .pt). <see cref="Read"/> then reads only
/// the tensors asked for (safetensors: those byte ranges; torch.save: those storages).
/// </summary>
public sealed class CheckpointIndex : IDisposable
{
    readonly Dictionary<string, TorchArchive> archives = new(StringComparer.Ordinal);
    readonly Dictionary<TensorEntry, TensorRef> refs = new(ReferenceEqualityComparer.Instance);
    readonly List<TensorEntry> tensors = [];
    readonly List<string> ignored = [];

    CheckpointIndex(IReadOnlyList<string> files) => Files = files;

    /// <summary>The weight files, in reading order.</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>The tensors under the project's parameter names, in file order.</summary>
    public IReadOnlyList<TensorEntry> Tensors => tensors;
    /// <summary>Tensors known to be of no use to the front-end (pre-training heads of a fairseq/unilm checkpoint), by their key in the file.</summary>
    public IReadOnlyList<string> Ignored => ignored;

    /// <summary>The weight files of a Hugging Face model folder (see <see cref="CheckpointLoader.LocateWeights"/>).</summary>
    public static CheckpointIndex FromFolder(string folder)
    {
        var files = CheckpointLoader.LocateWeights(folder);
        var index = new CheckpointIndex(files);
        try
        {
            foreach (var file in files)
            {
                if (file.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var (key, entry) in SafetensorsHeader.Read(file))
                        index.tensors.Add(new TensorEntry(CheckpointLoader.Canonical(key), key, SafetensorsDType(entry.DType, file, key), entry.Shape, file));
                    continue;
                }
                var archive = index.Open(file);
                if (archive.Root is not Dictionary<object, object?> dict)
                    throw new SslInputException($"{file}: not a state dict (the pickle holds a {archive.Root?.GetType().Name ?? "None"})");
                foreach (var (k, v) in dict)
                    if (k is string key && v is TensorRef t)
                        index.Add(new TensorEntry(CheckpointLoader.Canonical(key), key, t.DType, t.Shape, file), t);
            }
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>A fairseq/unilm checkpoint's state dict under the project's names; unknown keys are an error naming them.</summary>
    public static CheckpointIndex FromOriginal(OriginalCheckpoint checkpoint, TorchArchive archive)
    {
        var index = new CheckpointIndex([checkpoint.Path]);
        index.archives[checkpoint.Path] = archive;
        var unknown = new List<string>();
        foreach (var (key, t) in checkpoint.StateDict)
        {
            var (kind, name) = FairseqKeys.Map(key);
            if (kind == FairseqKeys.Kind.Mapped)
                index.Add(new TensorEntry(name!, key, t.DType, t.Shape, checkpoint.Path), t);
            else if (kind == FairseqKeys.Kind.PretrainingHead)
                index.ignored.Add(key);
            else
                unknown.Add(key);
        }
        if (unknown.Count > 0)
            throw new SslInputException(
                $"{checkpoint.Path}: {unknown.Count} state-dict key(s) of no known {checkpoint.Config.ModelType} module: " +
                string.Join(", ", unknown.Take(8)) + (unknown.Count > 8 ? ", ..." : ""));
        return index;
    }

    /// <summary>An archive already opened by the caller (kept open, disposed with the index).</summary>
    TorchArchive Open(string file)
    {
        var archive = TorchArchive.Open(file);
        archives[file] = archive;
        return archive;
    }

    void Add(TensorEntry entry, TensorRef t)
    {
        tensors.Add(entry);
        refs[entry] = t;
    }

    /// <summary>Reads <paramref name="entries"/> (CPU, dtype as stored), keyed by entry; nothing else is read.</summary>
    public Dictionary<TensorEntry, Tensor> Read(IReadOnlyCollection<TensorEntry> entries)
    {
        var result = new Dictionary<TensorEntry, Tensor>(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var group in entries.GroupBy(e => e.File))
            {
                string file = group.Key;
                if (archives.TryGetValue(file, out var archive))
                {
                    var read = Guard(file, () => archive.Read(group.Select(e => refs[e])));
                    foreach (var e in group)
                        result[e] = read[refs[e]];
                    continue;
                }
                var keys = group.Select(e => e.Key).Distinct().ToList();
                var dict = Guard(file, () => Safetensors.LoadStateDict(file, keys));
                foreach (var e in group)
                    result[e] = dict[e.Key];
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values)
                t.Dispose();
            throw;
        }
    }

    static T Guard<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SslInputException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SslInputException($"{file}: cannot read the weights ({e.GetType().Name}: {e.Message})", e);
        }
    }

    static ScalarType SafetensorsDType(string dtype, string file, string key) =>
        SafetensorsHeader.ScalarTypeOf(dtype) ?? throw new SslInputException($"{file}: tensor '{key}' has unsupported dtype {dtype}");

    public void Dispose()
    {
        foreach (var a in archives.Values)
            a.Dispose();
        archives.Clear();
    }
}
