using ControlPlane.Storage;

namespace ControlPlane.Tests.Storage.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(), "cp-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    // A nested folder, so the tests also cover the store creating the database's directory.
    public string DatabasePath => System.IO.Path.Combine(Path, "data", "sfu.db");

    public SfuStore OpenStore(TimeProvider? time = null) => new(DatabasePath, time);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
