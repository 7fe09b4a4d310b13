using System.Collections;

namespace VramLint.Yaml;

/// <summary>
/// A collection node's children: an array read through a struct, so <c>foreach</c> allocates no enumerator and an
/// empty list needs no array, while LINQ still sees an <see cref="IReadOnlyList{T}"/>.
/// </summary>
internal readonly struct NodeList<T> : IReadOnlyList<T>
{
    private readonly T[]? items;

    public NodeList(T[] items) => this.items = items;

    public int Count => items?.Length ?? 0;

    public T this[int index] => (items ?? Array.Empty<T>())[index];

    public Enumerator GetEnumerator() => new(items ?? Array.Empty<T>());

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    public struct Enumerator
    {
        private readonly T[] items;
        private int index;

        internal Enumerator(T[] items)
        {
            this.items = items;
            index = -1;
        }

        public readonly T Current => items[index];

        public bool MoveNext() => ++index < items.Length;
    }
}
