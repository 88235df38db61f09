using System.Net;
using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Data.Demo;

namespace Layerwise.Notebooks;

/// <summary>One dataset of a notebook that covers several: the paper's name for it, and its resolved context.</summary>
public sealed record NotebookSet(string Name, string DatasetId, NotebookContext Context);

/// <summary>A dataset a multi-set notebook covers that the data home does not hold, and the folder looked for.</summary>
public sealed record AbsentSet(string Name, string DatasetId, string Folder);

/// <summary>
/// The datasets of a notebook that covers several (05, 06, 07): in demo mode each has its demo corpus; with a data home,
/// those whose folder is present are used (unreadable ones are errors) and the absent ones are named with the folder
/// looked for. None present at all is an error.
/// </summary>
public sealed record NotebookSets(IReadOnlyList<NotebookSet> Present, IReadOnlyList<AbsentSet> Absent)
{
    /// <summary>The paper's name of a dataset (LA19, LA21, DF21, ITW, ADD23, HABLA, PartialSpoof, HAD, CtrSVDD, SceneFake).</summary>
    public static string PaperName(string datasetId) => DataHome.CanonicalId(datasetId) switch
    {
        "asvspoof2019-la" => "LA19",
        "asvspoof2021-la" => "LA21",
        "asvspoof2021-df" => "DF21",
        "in-the-wild" => "ITW",
        "add2023" => "ADD23",
        "habla" => "HABLA",
        "partialspoof" => "PartialSpoof",
        "had" => "HAD",
        "ctrsvdd" => "CtrSVDD",
        "scenefake" => "SceneFake",
        var other => other,
    };

    /// <summary>The paper's name of an evaluation split: ADD 2023's two test rounds are reported apart (ADD23.1 for
    /// testR1, ADD23.2 for testR2); every other dataset's evaluation split is named after the dataset.</summary>
    public static string EvalSetName(string datasetId, string split) => (DataHome.CanonicalId(datasetId), split) switch
    {
        ("add2023", "testR1") => "ADD23.1",
        ("add2023", "testR2") => "ADD23.2",
        var (id, _) => PaperName(id),
    };

    /// <summary>Resolves <paramref name="sets"/> (catalog id and the demo scenario standing in for it) with the data
    /// home, model, device and quick mode of <paramref name="main"/>.</summary>
    public static NotebookSets Resolve(NotebookContext main, params (string DatasetId, DemoScenario Scenario)[] sets) =>
        Resolve(main, requireAny: true, sets);

    /// <summary>As <see cref="Resolve(NotebookContext, (string, DemoScenario)[])"/>; with <paramref name="requireAny"/>
    /// false, none present is allowed (the notebook's main dataset is enough).</summary>
    public static NotebookSets Resolve(NotebookContext main, bool requireAny, params (string DatasetId, DemoScenario Scenario)[] sets)
    {
        var present = new List<NotebookSet>();
        var absent = new List<AbsentSet>();
        foreach (var (datasetId, scenario) in sets)
        {
            string id = DataHome.CanonicalId(datasetId);
            string name = PaperName(id);
            if (main.DataHomeRoot is { } home && !Directory.Exists(new DataHome(home).FolderOf(id)))
            {
                absent.Add(new AbsentSet(name, id, new DataHome(home).FolderOf(id)));
                continue;
            }
            var ctx = id == main.RequestedDatasetId ? main
                : NotebookContext.Resolve(id, main.DataHomeRoot, main.RequestedModel, main.Device, main.Quick, scenario, main.WorkDir,
                    main.IsDemoData ? NotebookContext.DemoOptions(scenario, main.Quick) : null, Environment.GetEnvironmentVariable);
            present.Add(new NotebookSet(name, id, ctx));
        }
        if (present.Count == 0 && requireAny)
            throw new DatasetLayoutException($"none of this notebook's datasets is in the data home {main.DataHomeRoot}: looked for "
                + string.Join(", ", absent.Select(a => a.Folder)));
        return new NotebookSets(present, absent);
    }

    /// <summary>
    /// The datasets of a notebook that trains and tests on each of several in turn (06: ADD 2023 and HABLA; 07:
    /// PartialSpoof and HAD). <paramref name="datasetId"/> names one of them, or "" for all. With a data home, every one
    /// of those whose folder it holds is used and the others are named as absent with the folder looked for (none
    /// present is an error, a present one that cannot be read too); in demo mode the named one (default the first) on
    /// its demo corpus alone, since one synthetic corpus stands in for the scenario.
    /// </summary>
    public static NotebookSets ResolveEach(string datasetId, string? dataHome, string? model, string device, bool quick,
        params (string DatasetId, DemoScenario Scenario)[] sets) =>
        ResolveEach(datasetId, dataHome, model, device, quick, sets, workDir: null, environment: null);

    /// <summary>As above, with the work folder and environment of <see cref="NotebookContext.Resolve"/>.</summary>
    public static NotebookSets ResolveEach(string datasetId, string? dataHome, string? model, string device, bool quick,
        (string DatasetId, DemoScenario Scenario)[] sets, string? workDir, Func<string, string?>? environment)
    {
        if (sets.Length == 0)
            throw new ArgumentException("no datasets to resolve", nameof(sets));
        var chosen = string.IsNullOrWhiteSpace(datasetId) ? sets
            : sets.Where(s => DataHome.CanonicalId(s.DatasetId) == DataHome.CanonicalId(datasetId)).ToArray() is { Length: > 0 } one ? one
            : throw new DatasetLayoutException($"dataset '{datasetId}' is not one of this notebook's ({string.Join(", ", sets.Select(s => s.DatasetId))}); leave it empty for all");
        string? home = NotebookContext.EffectiveDataHome(dataHome, environment);
        NotebookSet Make((string DatasetId, DemoScenario Scenario) s)
        {
            var ctx = NotebookContext.Resolve(s.DatasetId, dataHome, model, device, quick, s.Scenario, workDir, environment: environment);
            return new NotebookSet(PaperName(ctx.RequestedDatasetId), ctx.RequestedDatasetId, ctx);
        }
        if (string.IsNullOrWhiteSpace(home) || !Directory.Exists(home))
            return new NotebookSets([Make(chosen[0])], []); // demo, or a data home that does not exist (Resolve says so)
        var dataHomeFolders = new DataHome(home);
        var present = new List<NotebookSet>();
        var absent = new List<AbsentSet>();
        foreach (var s in chosen)
        {
            string id = DataHome.CanonicalId(s.DatasetId);
            if (Directory.Exists(dataHomeFolders.FolderOf(id)))
                present.Add(Make(s));
            else
                absent.Add(new AbsentSet(PaperName(id), id, dataHomeFolders.FolderOf(id)));
        }
        if (present.Count == 0)
            throw new DatasetLayoutException($"none of this notebook's datasets is in the data home {Path.GetFullPath(home)}: looked for "
                + string.Join(", ", absent.Select(a => a.Folder)));
        return new NotebookSets(present, absent);
    }

    /// <summary>The datasets used and the absent ones (with the folder looked for), as an HTML note.</summary>
    public string SummaryHtml() =>
        "<p>Datasets: " + WebUtility.HtmlEncode(string.Join(", ", Present.Select(p => $"{p.Name} ({p.DatasetId}, {p.Context.DataKind})"))) + "."
        + (Absent.Count == 0 ? "" : " Not in the data home, skipped: "
            + WebUtility.HtmlEncode(string.Join("; ", Absent.Select(a => $"{a.Name} ({a.DatasetId}: no folder {a.Folder})"))) + ".")
        + "</p>";

    /// <summary>The same as plain text, one line (for headless logs and tests).</summary>
    public string SummaryLine() =>
        "datasets used: " + string.Join(",", Present.Select(p => p.DatasetId))
        + "; absent: " + (Absent.Count == 0 ? "none" : string.Join(", ", Absent.Select(a => $"{a.DatasetId} ({a.Folder})")));
}
