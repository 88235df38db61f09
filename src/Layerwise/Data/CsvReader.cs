using System.Text;

namespace Layerwise.Data;

/// <summary>A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, "" inside quotes is
/// one quote, commas and line breaks inside quotes belong to the field; CRLF or LF line ends; a UTF-8 BOM is
/// skipped. A quote inside an unquoted field is kept literally (as Python's csv module does). Records carry the
/// 1-based line number where they start. Empty lines are skipped.</summary>
public static class CsvReader
{
    public static IEnumerable<(int Line, string[] Fields)> ReadFile(string path) =>
        Parse(File.ReadAllText(path), path);

    /// <param name="source">Named in error messages.</param>
    public static IEnumerable<(int Line, string[] Fields)> Parse(string text, string source = "<csv>")
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        int i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
            i = 1;
        bool quoted = false, afterQuote = false, fieldStarted = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            quoted = afterQuote = fieldStarted = false;
        }

        void EndRecord()
        {
            bool blank = fields.Count == 0 && field.Length == 0 && !fieldStarted;
            if (!blank)
            {
                EndField();
                records.Add((recordLine, fields.ToArray()));
            }
            fields.Clear();
        }

        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                        line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case ',':
                    EndField();
                    fieldStarted = true; // a trailing comma still makes an (empty) last field
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r':
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '"' when field.Length == 0 && !afterQuote:
                    quoted = true;
                    fieldStarted = true;
                    break;
                default:
                    if (afterQuote)
                        throw new ProtocolFormatException(source, line,
                            $"unexpected character '{c}' after a closing quote (a quote inside a quoted field must be doubled)");
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (quoted)
            throw new ProtocolFormatException(source, recordLine, "quoted field is not closed before the end of the file");
        EndRecord();
        return records;
    }
}
