using System.Globalization;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>Turns unpickled config objects (omegaconf DictConfig/ListConfig, argparse.Namespace, enum members) into plain dicts, lists and scalars.</summary>
public static class PickleData
{
    public static object? Plain(object? value, int depth = 0)
    {
        if (depth > 64)
            return null;
        switch (value)
        {
            case Dictionary<object, object?> d:
                return d.ToDictionary(kv => kv.Key, kv => Plain(kv.Value, depth + 1));
            case List<object?> l:
                return l.Select(v => Plain(v, depth + 1)).ToList();
            case object?[] t:
                return t.Select(v => Plain(v, depth + 1)).ToList();
            case PyGlobal g when g.Name.Contains('.'):
                return g.Name[(g.Name.LastIndexOf('.') + 1)..]; // an enum member, getattr(Enum, "name"): its name
            case PyObject o:
            {
                var state = o.StateDict;
                if (o.Type.Module.StartsWith("omegaconf", StringComparison.Ordinal))
                {
                    // DictConfig/ListConfig keep their items in _content (a dict, a list, or None/"???" when unset); nodes keep _val.
                    if (state is not null && state.TryGetValue("_content", out var content))
                        return content is string ? null : Plain(content, depth + 1);
                    if (state is not null && state.TryGetValue("_val", out var val))
                        return Plain(val, depth + 1);
                    return null;
                }
                if (o.Args is [var single] && state is null)
                    return Plain(single, depth + 1); // enum member by value, Choices("layer_norm")
                return state is null ? null : Plain(state, depth + 1);
            }
            default:
                return value;
        }
    }

    /// <summary>The string-keyed entries of a plain dict (null when it is not one).</summary>
    public static Dictionary<string, object?>? Dict(object? value) =>
        value is Dictionary<object, object?> d ? d.Where(kv => kv.Key is string).ToDictionary(kv => (string)kv.Key, kv => kv.Value, StringComparer.Ordinal) : null;

    public static string Text(object? v) => v switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
