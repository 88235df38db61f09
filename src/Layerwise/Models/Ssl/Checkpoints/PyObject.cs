namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// An instance of a class the reader does not know, kept as plain data: the class name, the constructor
/// arguments the pickle gave, and the state BUILD set (usually the instance's <c>__dict__</c>, a
/// <see cref="Dictionary{TKey, TValue}"/>). Nothing of the class runs.
/// </summary>
public sealed class PyObject(PyGlobal type, object?[] args)
{
    public PyGlobal Type { get; } = type;
    public object?[] Args { get; } = args;
    public object? State { get; set; }

    /// <summary>The state as a dict (a (dict, slots) pair gives both merged), or null.</summary>
    public Dictionary<object, object?>? StateDict
    {
        get
        {
            if (State is Dictionary<object, object?> d)
                return d;
            if (State is object?[] { Length: 2 } pair)
            {
                var merged = new Dictionary<object, object?>();
                foreach (var part in pair)
                    if (part is Dictionary<object, object?> p)
                        foreach (var (k, v) in p)
                            merged[k] = v;
                return merged;
            }
            return null;
        }
    }

    public override string ToString() => $"<{Type}>";
}
