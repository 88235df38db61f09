using System.Text.Json;

namespace Layerwise.Cli;

/// <summary>JSON output shared by all commands: snake_case keys as written, one object per line.</summary>
internal static class Json
{
    static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static string Serialize<T>(T value, bool indented = true) =>
        JsonSerializer.Serialize(value, indented ? Pretty : Compact);
}
