// Compiler-required types that netstandard2.0 lacks, so the netstandard2.0 assemblies can use interpolated string handlers,
// init accessors, records and nullable flow attributes. Internal: each assembly gets its own copy.
#pragma warning disable IDE0130
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}

namespace System.Diagnostics.CodeAnalysis
{
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class MaybeNullWhenAttribute : Attribute
    {
        public MaybeNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = true)]
    internal sealed class MemberNotNullAttribute : Attribute
    {
        public MemberNotNullAttribute(params string[] members) => Members = members;

        public string[] Members { get; }
    }
}

namespace System.Runtime.CompilerServices
{
    using System.Text;

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
    internal sealed class InterpolatedStringHandlerAttribute : Attribute
    {
    }

    /// <summary>
    /// The handler the compiler builds interpolated strings with when it finds one: without it, netstandard2.0 code
    /// turns every <c>$"..."</c> into <c>string.Format</c>, which parses the format at run time and boxes each value
    /// (a failing deployment's messages hold dozens of holes). Values are written as <c>string.Format</c> writes them
    /// with no provider: <see cref="IFormattable"/> with the current culture, else <c>ToString()</c>, null as nothing.
    /// An alignment (<c>{x,8}</c>) has no overload, so it does not compile rather than run untested. The text is
    /// gathered in a builder kept for the thread's next string and copied out once.
    /// </summary>
    // An assembly that sees another's internals (the code fixes see the analyzer's) finds this type twice; its own wins.
#pragma warning disable CS0436
    [InterpolatedStringHandler]
#pragma warning restore CS0436
    internal ref struct DefaultInterpolatedStringHandler
    {
        /// <summary>Builders larger than this are not kept for the next string.</summary>
        private const int MaxCachedCapacity = 4096;

        /// <summary>A few builders per thread: a string built inside another's hole (a GPU's name in a verdict) takes the next.</summary>
        [ThreadStatic]
        private static StringBuilder?[]? cached;

        private readonly StringBuilder builder;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            var pool = cached ??= new StringBuilder?[4];
            for (var i = 0; i < pool.Length; i++)
            {
                if (pool[i] is { } reused)
                {
                    // Taken until this string is done, so a string built inside one of its holes takes another.
                    pool[i] = null;
                    builder = reused;
                    return;
                }
            }

            builder = new StringBuilder(Math.Min(MaxCachedCapacity, literalLength + (formattedCount * 11)));
        }

        public void AppendLiteral(string value) => builder.Append(value);

        public void AppendFormatted(string? value) => builder.Append(value);

        public void AppendFormatted<T>(T value) => builder.Append(value is IFormattable formattable ? formattable.ToString(null, null) : value?.ToString());

        public void AppendFormatted<T>(T value, string? format) => builder.Append(value is IFormattable formattable ? formattable.ToString(format, null) : value?.ToString());

        public string ToStringAndClear()
        {
            var text = builder.ToString();
            if (builder.Capacity <= MaxCachedCapacity && cached is { } pool)
            {
                for (var i = 0; i < pool.Length; i++)
                {
                    if (pool[i] is null)
                    {
                        builder.Clear();
                        pool[i] = builder;
                        break;
                    }
                }
            }

            return text;
        }
    }
}
