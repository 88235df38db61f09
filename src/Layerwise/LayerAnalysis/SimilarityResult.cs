using System.Globalization;
using System.Text;

namespace Layerwise.LayerAnalysis;

/// <summary>A CKA matrix: Values[i, j] = CKA(row representation i, column representation j) on <see cref="Items"/> rows.</summary>
public sealed record SimilarityResult(string Title, string RowModel, string ColumnModel, string[] RowLabels, string[] ColumnLabels,
    double[,] Values, RepresentationUnit Unit, int Items)
{
    /// <summary>cka.csv (tidy): row_model,row_layer,column_model,column_layer,unit,items,cka.</summary>
    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("row_model,row_layer,column_model,column_layer,unit,items,cka\n");
        for (int i = 0; i < RowLabels.Length; i++)
            for (int j = 0; j < ColumnLabels.Length; j++)
                sb.Append(CultureInfo.InvariantCulture,
                    $"\"{RowModel}\",{RowLabels[i]},\"{ColumnModel}\",{ColumnLabels[j]},{Unit.ToString().ToLowerInvariant()},{Items},{Values[i, j]:R}\n");
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }
}
