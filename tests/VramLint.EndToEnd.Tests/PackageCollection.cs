namespace VramLint.EndToEnd.Tests;

/// <summary>Every end-to-end class shares one pack per run (and runs one after the other: consumer builds are heavy).</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "VramLint package";
}
