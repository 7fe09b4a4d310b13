using System.Globalization;

namespace VramLint.Core.Settings;

/// <summary>A vLLM release (major.minor), used to pick defaults that moved between releases.</summary>
public readonly struct VllmVersion : IComparable<VllmVersion>, IEquatable<VllmVersion>
{
    public VllmVersion(int major, int minor)
    {
        Major = major;
        Minor = minor;
    }

    /// <summary>The newest release whose defaults VramLint models.</summary>
    public static VllmVersion Latest { get; } = new(0, 22);

    /// <summary>gpu-memory-utilization moved from 0.90 to 0.92 and CUDA-graph profiling became default here.</summary>
    public static VllmVersion V0_21 { get; } = new(0, 21);

    public int Major { get; }

    public int Minor { get; }

    /// <summary>Parses "0.21", "v0.21", "0.21.1", "0.10.2rc1"; patch and suffixes are ignored.</summary>
    public static bool TryParse(string? text, out VllmVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text!.Trim();
        if (t.StartsWith("v", StringComparison.OrdinalIgnoreCase))
        {
            t = t.Substring(1);
        }

        var parts = t.Split('.');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(LeadingDigits(parts[1]), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = new VllmVersion(major, minor);
        return true;
    }

    /// <summary>
    /// The release a vLLM container image runs, from its tag: <c>vllm/vllm-openai:v0.10.1</c>, <c>:0.6.3.post1</c>,
    /// <c>registry:5000/vllm/vllm-openai:v0.11.0</c>. False for images that are not vLLM's, for moving tags
    /// (latest, nightly) and for digests, whose release is unknown.
    /// </summary>
    public static bool TryParseImage(string? image, out VllmVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(image) || image!.IndexOf('@') >= 0)
        {
            return false;
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        if (colon <= slash || image.Substring(0, colon).IndexOf("vllm", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        var tag = image.Substring(colon + 1).Trim();
        return tag.Length > 0 && (char.IsDigit(tag[0]) || (tag.Length > 1 && (tag[0] == 'v' || tag[0] == 'V') && char.IsDigit(tag[1]))) && TryParse(tag, out version);
    }

    private static string LeadingDigits(string s)
    {
        var n = 0;
        while (n < s.Length && char.IsDigit(s[n]))
        {
            n++;
        }

        return s.Substring(0, n);
    }

    public int CompareTo(VllmVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public bool Equals(VllmVersion other) => Major == other.Major && Minor == other.Minor;

    public override bool Equals(object? obj) => obj is VllmVersion v && Equals(v);

    public override int GetHashCode() => (Major * 1000) + Minor;

    public static bool operator <(VllmVersion a, VllmVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(VllmVersion a, VllmVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(VllmVersion a, VllmVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(VllmVersion a, VllmVersion b) => a.CompareTo(b) >= 0;

    public static bool operator ==(VllmVersion a, VllmVersion b) => a.Equals(b);

    public static bool operator !=(VllmVersion a, VllmVersion b) => !a.Equals(b);

    public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture);
}
