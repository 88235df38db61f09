using Layerwise.Data;

namespace Layerwise.Tests.Data;

public class DataHomeTests
{
    [Fact]
    public void Folder_of_a_dataset_is_the_catalog_id_under_the_home()
    {
        var home = new DataHome("/data/home");
        Assert.Equal(Path.Combine("/data/home", "in-the-wild"), home.FolderOf("In-The-Wild"));
        Assert.Equal(Path.Combine("/data/home", "asvspoof2019-la"), home.FolderOf("asvspoof2019-la"));
    }

    [Fact]
    public void Unknown_id_is_an_input_error_listing_the_valid_ids()
    {
        var e = Assert.Throws<DatasetLayoutException>(() => new DataHome("/x").FolderOf("inthewild"));
        Assert.Contains("'inthewild'", e.Message);
        Assert.Contains("in-the-wild", e.Message);
        Assert.Contains("partialspoof", e.Message);
    }

    [Fact]
    public void Explicit_folder_wins_over_the_environment()
    {
        string? Env(string name) => name == DataHome.Variable ? "/from/env" : null;
        Assert.Equal(Path.GetFullPath("/given"), DataHome.Resolve("/given", Env)!.Root);
        Assert.Equal(Path.GetFullPath("/from/env"), DataHome.Resolve(null, Env)!.Root);
        Assert.Null(DataHome.Resolve(null, _ => null));
    }

    [Fact]
    public void Root_for_a_dataset_prefers_an_explicit_root_and_needs_one_of_the_two()
    {
        var home = new DataHome("/h");
        Assert.Equal(Path.GetFullPath("/r"), DataHome.RootFor("had", "/r", home));
        Assert.Equal(Path.Combine("/h", "had"), DataHome.RootFor("had", null, home));
        var e = Assert.Throws<DatasetLayoutException>(() => DataHome.RootFor("had", null, null));
        Assert.Contains(DataHome.Variable, e.Message);
    }

    [Fact]
    public void Has_reports_only_folders_that_exist()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "habla"));
        var home = new DataHome(dir.Path);
        Assert.True(home.Exists);
        Assert.True(home.Has("habla"));
        Assert.False(home.Has("had"));
    }
}
