using System.Globalization;
using System.Text;

namespace Layerwise.Cli;

/// <summary>Text that came from input files (labels, ids, bytes of a binary file) is escaped before it reaches a
/// terminal: control characters (ANSI escape sequences included), DEL, C1 controls, bidirectional overrides and
/// unpaired surrogates become <c>\xNN</c> / <c>\u{NNNN}</c>, so a hostile file cannot move the cursor, recolour or
/// hide text.</summary>
public static class TerminalText
{
    public static string Escape(string text)
    {
        int i = 0;
        while (i < text.Length && IsPlain(text, i))
            i++;
        if (i == text.Length)
            return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (IsPlain(text, i))
            {
                sb.Append(c);
                if (char.IsHighSurrogate(c))
                    sb.Append(text[++i]);
            }
            else if (c < 0x100)
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else
                sb.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
        }
        return sb.ToString();
    }

    static bool IsPlain(string text, int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c))
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c))
            return false; // unpaired (a paired one is consumed with its high half)
        if (c < 0x20 || c is >= '\u007F' and <= '\u009F')
            return false;
        // Bidirectional embeddings, overrides and isolates reorder what follows them.
        return c is not ((>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C');
    }
}
