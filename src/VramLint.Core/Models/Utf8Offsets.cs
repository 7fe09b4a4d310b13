using System.Text;

namespace VramLint.Core.Models;

/// <summary>The UTF-8 byte offset of each character offset of a text, asked in increasing order (a running count).</summary>
internal sealed class Utf8Offsets
{
    private readonly string text;
    private int chars;
    private int bytes;

    public Utf8Offsets(string text) => this.text = text;

    public int At(int charOffset)
    {
        if (charOffset < chars)
        {
            // Asked out of order: count again from the start.
            (chars, bytes) = (0, 0);
        }

        bytes += Encoding.UTF8.GetByteCount(text.ToCharArray(chars, charOffset - chars));
        chars = charOffset;
        return bytes;
    }
}
