using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using Layerwise.IO;

namespace Layerwise.Analysis;

/// <summary>
/// A single-file HTML report: title, banners, sections, paragraphs, tables and chart fragments. <see cref="Save"/>
/// writes one offline page (plotly.js embedded once, via <see cref="Charts.Page"/>) atomically. All text is
/// HTML-escaped; only chart fragments and <see cref="RawHtml"/> are inserted as they are.
/// </summary>
public sealed class HtmlReport(string title)
{
    /// <summary>The banner for results from the synthetic demo corpus and a random-weight SSL model.</summary>
    public const string DemoBanner = "Synthetic demo corpus with a random-weight SSL model: numbers are NOT comparable to the paper.";

    readonly StringBuilder body = new();

    public string Title { get; } = title;

    /// <summary>A prominent warning box (CSS class "banner").</summary>
    public HtmlReport Banner(string text)
    {
        body.Append("<div class=\"banner\"><strong>").Append(Encode(text)).Append("</strong></div>\n");
        return this;
    }

    /// <summary>Starts a section: a heading (h2 by default, h2–h4).</summary>
    public HtmlReport Section(string heading, int level = 2)
    {
        level = Math.Clamp(level, 2, 4);
        body.Append(CultureInfo.InvariantCulture, $"<h{level}>").Append(Encode(heading)).Append(CultureInfo.InvariantCulture, $"</h{level}>\n");
        return this;
    }

    public HtmlReport Paragraph(string text)
    {
        body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A chart fragment from <see cref="Charts"/> or <see cref="StudyCharts"/>.</summary>
    public HtmlReport Chart(string fragment)
    {
        body.Append("<div class=\"chart\">").Append(fragment).Append("</div>\n");
        return this;
    }

    /// <summary>Several chart fragments in one row (wrapping when the page is too narrow), e.g. our heatmap next to the paper's.</summary>
    public HtmlReport ChartsSideBySide(params string[] fragments)
    {
        body.Append("<div class=\"charts-row\" style=\"display:flex;flex-wrap:wrap;gap:1em\">");
        foreach (var f in fragments)
            body.Append("<div class=\"chart\">").Append(f).Append("</div>");
        body.Append("</div>\n");
        return this;
    }

    /// <summary>A table from a DataFrame (numbers with <paramref name="numberFormat"/>, nulls empty); at most <paramref name="maxRows"/> rows.</summary>
    public HtmlReport Table(DataFrame frame, string? caption = null, string numberFormat = "0.##", int maxRows = 500)
    {
        body.Append(TableHtml(frame, caption, numberFormat, maxRows)).Append('\n');
        return this;
    }

    /// <summary>A table from strings: a header row and data rows.</summary>
    public HtmlReport Table(string[] header, IEnumerable<string[]> rows, string? caption = null)
    {
        body.Append(TableHtml(header, rows, caption)).Append('\n');
        return this;
    }

    /// <summary>HTML inserted unchanged (the caller escapes).</summary>
    public HtmlReport RawHtml(string html)
    {
        body.Append(html).Append('\n');
        return this;
    }

    /// <summary>The body (title heading and content) without the page around it.</summary>
    public string BodyHtml() => "<h1>" + Encode(Title) + "</h1>\n" + body;

    /// <summary>The complete offline page.</summary>
    public string ToHtml() => Charts.Page(Title, BodyHtml());

    /// <summary>Writes the page atomically (temporary file, then rename); returns the full path.</summary>
    public string Save(string path)
    {
        AtomicFile.WriteAllText(path, ToHtml());
        return Path.GetFullPath(path);
    }

    /// <summary>
    /// One chart displayable in a notebook cell: plotly.js from the CDN by default, which keeps committed notebook
    /// outputs small but needs network access to render; pass <paramref name="embedPlotlyJs"/> = true for offline
    /// viewing (adds ~3.5 MB per output).
    /// </summary>
    public static string ToNotebookHtml(string fragment, bool embedPlotlyJs = false) => Charts.Standalone(fragment, embedPlotlyJs);

    public static string TableHtml(DataFrame frame, string? caption = null, string numberFormat = "0.##", int maxRows = 500)
    {
        var header = frame.Columns.Select(c => c.Name).ToArray();
        long n = Math.Min(frame.Rows.Count, maxRows);
        var rows = new List<string[]>();
        for (long i = 0; i < n; i++)
            rows.Add(frame.Columns.Select(c => FormatCell(c[i], numberFormat)).ToArray());
        string html = TableHtml(header, rows, caption);
        if (frame.Rows.Count > n)
            html += $"\n<p><em>{frame.Rows.Count - n} more rows not shown.</em></p>";
        return html;
    }

    public static string TableHtml(string[] header, IEnumerable<string[]> rows, string? caption = null)
    {
        var sb = new StringBuilder("<table>");
        if (caption is not null)
            sb.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in header)
            sb.Append("<th>").Append(Encode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
                sb.Append("<td>").Append(Encode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    static string FormatCell(object? value, string numberFormat) => value switch
    {
        null => "",
        double d => double.IsNaN(d) ? "" : d.ToString(numberFormat, CultureInfo.InvariantCulture),
        float f => float.IsNaN(f) ? "" : f.ToString(numberFormat, CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}
