using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace VramLint.Analyzers.Flow;

/// <summary>
/// Follows values through operations: constants, locals written once (through the block's <see cref="BlockIndex"/>),
/// collections built in a local and added to later, foreach loops, <c>string.Join</c>, interpolations, configuration
/// reads with constant defaults, members with initializers, and a wrapper method's parameters bound to its call's
/// arguments. What it cannot read it names (<see cref="ResolvedValue.Unknown"/>); it never guesses.
/// </summary>
internal sealed class ValueFlow
{
    private const int MaxDepth = 12;
    private readonly ConcurrentDictionary<SyntaxNode, BlockIndex> calleeIndexes;
    private readonly IReadOnlyDictionary<IParameterSymbol, (IOperation Argument, ValueFlow Caller)>? bindings;

    public ValueFlow(KnownSymbols symbols, BlockIndex index, ConcurrentDictionary<SyntaxNode, BlockIndex> calleeIndexes, CancellationToken cancellation,
        IReadOnlyDictionary<IParameterSymbol, (IOperation, ValueFlow)>? bindings = null, int depth = 0)
    {
        Symbols = symbols;
        Index = index;
        this.calleeIndexes = calleeIndexes;
        Cancellation = cancellation;
        this.bindings = bindings;
        Depth = depth;
    }

    public KnownSymbols Symbols { get; }

    public BlockIndex Index { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>How many wrapper calls deep this flow is.</summary>
    public int Depth { get; }

    /// <summary>The body of a source method declared in the same file as <paramref name="call"/>, as operations; null otherwise.</summary>
    public static IOperation? BodyOf(IMethodSymbol method, IOperation call, CancellationToken cancellation)
    {
        var declaration = (method.ReducedFrom ?? method).OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation);
        SyntaxNode? body = declaration switch
        {
            MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody?.Expression,
            _ => null,
        };

        // Only the caller's own semantic model is used: bodies in other files are not bound from here (RS1030).
        return body is null || call.SemanticModel is null || body.SyntaxTree != call.Syntax.SyntaxTree ? null : call.SemanticModel.GetOperation(body, cancellation);
    }

    /// <summary>A flow for the body of <paramref name="method"/>, its parameters bound to <paramref name="call"/>'s arguments.</summary>
    public ValueFlow? Into(IInvocationOperation call, IMethodSymbol method, IOperation body)
    {
        if (Depth >= 4)
        {
            return null;
        }

        var map = new Dictionary<IParameterSymbol, (IOperation, ValueFlow)>(SymbolEqualityComparer.Default);
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                map[parameter.OriginalDefinition] = (argument.Value, this);
                if (method.ReducedFrom is { } reduced && parameter.Ordinal < reduced.Parameters.Length)
                {
                    map[reduced.Parameters[parameter.Ordinal].OriginalDefinition] = (argument.Value, this);
                }
            }
        }

        var index = calleeIndexes.GetOrAdd(body.Syntax, _ => new BlockIndex(new[] { body }));
        return new ValueFlow(Symbols, index, calleeIndexes, Cancellation, map, Depth + 1);
    }

    public ResolvedValue Resolve(IOperation? operation, int depth = 0)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (operation is null)
        {
            return ResolvedValue.Unknown("a value that is not written", Location.None);
        }

        operation = Unwrap(operation);
        var location = operation.Syntax.GetLocation();
        if (depth > MaxDepth)
        {
            return ResolvedValue.Unknown("a chain of values too long to follow", location);
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } constant })
        {
            // A named constant is reported where its value is written, which is also what a fix edits.
            var written = ConstantDeclaration(operation) ?? operation.Syntax;
            var text = Format(constant);
            return LiteralEscapes.Map(written, text) is { } map
                ? new ResolvedValue(text, new ValueOrigin(written.GetLocation(), map[0], map[map.Count - 1] - map[0]) { ContentMap = map })
                : ResolvedValue.Known(text, written.GetLocation(), ContentOffset(written, text));
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                return ResolveLocal(local, depth);
            case IParameterReferenceOperation parameter:
                return ResolveParameter(parameter.Parameter, location, depth);
            case IFieldReferenceOperation field:
                return ResolveMember(field.Field, field, location, depth) ?? ResolvedValue.Unknown($"field '{field.Field.Name}'", location);
            case IPropertyReferenceOperation property:
                return ResolveProperty(property, location, depth);
            case IInvocationOperation invocation:
                return ResolveInvocation(invocation, location, depth);
            case ICoalesceOperation coalesce:
                var left = Resolve(coalesce.Value, depth + 1);
                if (left.IsKnown)
                {
                    return left;
                }

                var fallback = Resolve(coalesce.WhenNull, depth + 1);
                return fallback.IsKnown ? fallback.WithNote($"{left.Origin.Unresolved} (default {fallback.Text})") : left;
            case IInterpolatedStringOperation interpolated:
                return ResolveParts(interpolated.Parts.Select(p => p switch
                {
                    IInterpolatedStringTextOperation t => t.Text,
                    IInterpolationOperation { Alignment: null, FormatString: null } i => i.Expression,
                    _ => p,
                }).ToList(), location, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                return ResolveParts(new[] { add.LeftOperand, add.RightOperand }, location, depth);
            case IConditionalOperation conditional:
                var whenTrue = Resolve(conditional.WhenTrue, depth + 1);
                var whenFalse = Resolve(conditional.WhenFalse, depth + 1);
                return whenTrue.IsKnown && whenFalse.IsKnown && whenTrue.Text == whenFalse.Text
                    ? whenTrue
                    : ResolvedValue.Unknown($"a condition decided at run time ({Shorten(conditional.Condition.Syntax)})", location);
            default:
                return ResolvedValue.Unknown($"an expression computed at run time ({Shorten(operation.Syntax)})", location);
        }
    }

    /// <summary>The initializer that writes a named constant (a const field in any file, a const local), when it is in source.</summary>
    private SyntaxNode? ConstantDeclaration(IOperation operation)
    {
        var symbol = operation switch
        {
            IFieldReferenceOperation { Field.IsConst: true } field => (ISymbol)field.Field,
            ILocalReferenceOperation { Local.IsConst: true } local => local.Local,
            _ => null,
        };

        return symbol?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(Cancellation) is VariableDeclaratorSyntax { Initializer.Value: { } value } ? value : null;
    }

    /// <summary>
    /// The elements of a collection as it stands where it is used: an array or list initializer, a collection expression,
    /// a local built up with Add/AddRange, ToArray/ToList of one; null when <paramref name="operation"/> is not a collection
    /// this can read (then it is a single value).
    /// </summary>
    public IReadOnlyList<ResolvedValue>? Elements(IOperation? operation, int depth = 0)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        operation = Unwrap(operation);
        switch (operation)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                return Flatten(initializer.ElementValues, depth);
            case IObjectCreationOperation creation when IsStringCollection(creation.Type):
                var items = new List<ResolvedValue>();
                if (creation.Arguments.Length == 1 && Elements(creation.Arguments[0].Value, depth + 1) is { } copied)
                {
                    items.AddRange(copied);
                }

                foreach (var add in creation.Initializer?.Initializers.OfType<IInvocationOperation>() ?? Enumerable.Empty<IInvocationOperation>())
                {
                    items.AddRange(add.Arguments.Select(a => Resolve(a.Value, depth + 1)));
                }

                return items;
            case ILocalReferenceOperation local when IsStringCollection(local.Type) || local.Type is IArrayTypeSymbol:
                return LocalElements(local, depth);
            case IParameterReferenceOperation parameter when bindings is not null && bindings.TryGetValue(parameter.Parameter.OriginalDefinition, out var bound):
                return bound.Caller.Elements(bound.Argument, depth + 1);
            case IInvocationOperation { TargetMethod.Name: "Concat" or "Append", Arguments.Length: 2 } concat when concat.TargetMethod.IsExtensionMethod:
                var head = Elements(concat.Arguments[0].Value, depth + 1) ?? new[] { Resolve(concat.Arguments[0].Value, depth + 1) };
                var tail = concat.TargetMethod.Name == "Append"
                    ? new[] { Resolve(concat.Arguments[1].Value, depth + 1) }
                    : Elements(concat.Arguments[1].Value, depth + 1) ?? new[] { Resolve(concat.Arguments[1].Value, depth + 1) };
                return head.Concat(tail).ToList();
            case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "AsEnumerable" } conversion:
                return Elements(conversion.Instance ?? conversion.Arguments.FirstOrDefault()?.Value, depth + 1);
            case IFieldReferenceOperation field when ResolveMemberInitializer(field.Field, field) is { } initializer:
                return Elements(initializer, depth + 1);
        }

        if (operation.Syntax is CollectionExpressionSyntax collection && operation.SemanticModel is { } model)
        {
            // Roslyn 4.8 has no collection-expression operation: read its elements one by one.
            var values = new List<ResolvedValue>();
            foreach (var element in collection.Elements)
            {
                switch (element)
                {
                    case ExpressionElementSyntax e:
                        values.Add(Resolve(model.GetOperation(e.Expression, Cancellation), depth + 1));
                        break;
                    case SpreadElementSyntax s:
                        values.AddRange(Elements(model.GetOperation(s.Expression, Cancellation), depth + 1)
                            ?? new[] { ResolvedValue.Unknown($"a spread of {Shorten(s.Expression)}", s.GetLocation()) });
                        break;
                }
            }

            return values;
        }

        return null;
    }

    /// <summary>The words an expression contributes: a collection's elements, else the one value.</summary>
    public IReadOnlyList<ResolvedValue> Values(IOperation operation) => Elements(operation) ?? new[] { Resolve(operation) };

    /// <summary>
    /// The words of a one-string command line: <c>string.Join(" ", parts)</c> is each part's words; any other string is
    /// split as a whole by <paramref name="split"/>.
    /// </summary>
    public IReadOnlyList<Core.Arguments.ArgumentToken> CommandLineWords(IOperation operation, Func<string, object?, int, IReadOnlyList<Core.Arguments.ArgumentToken>> split)
    {
        operation = Unwrap(operation);
        if (operation is IInvocationOperation { TargetMethod: { Name: "Join", ContainingType.SpecialType: SpecialType.System_String } } join
            && join.Arguments.Length >= 2 && Resolve(join.Arguments[0].Value).Text == " ")
        {
            var parts = join.Arguments.Length == 2 ? Values(join.Arguments[1].Value) : join.Arguments.Skip(1).Select(a => Resolve(a.Value)).ToList();
            return parts.SelectMany(p => p.ToWords(split)).ToList();
        }

        if (operation is ILocalReferenceOperation local && Index.Find(local.Local) is { Writes: 0, Initializer: { } initializer })
        {
            return CommandLineWords(initializer, split);
        }

        return Resolve(operation).ToWords(split);
    }

    private IReadOnlyList<ResolvedValue> Flatten(IEnumerable<IOperation> elements, int depth) => elements.Select(e => Resolve(e, depth + 1)).ToList();

    private ResolvedValue ResolveLocal(ILocalReferenceOperation reference, int depth)
    {
        var local = reference.Local;
        var location = reference.Syntax.GetLocation();
        var facts = Index.Find(local);
        if (facts?.Loop is { } loop)
        {
            return ResolvedValue.Unknown($"each element of {Shorten(loop.Collection.Syntax)}", location);
        }

        if (facts?.Initializer is not { } initializer)
        {
            return ResolvedValue.Unknown($"local '{local.Name}', which is not initialized where it is declared", location);
        }

        return facts.Writes > 0 ? ResolvedValue.Unknown($"local '{local.Name}', which is assigned more than once", location) : Resolve(initializer, depth + 1);
    }

    private ResolvedValue ResolveParameter(IParameterSymbol parameter, Location location, int depth)
    {
        if (bindings is not null && bindings.TryGetValue(parameter.OriginalDefinition, out var bound))
        {
            return bound.Caller.Resolve(bound.Argument, depth + 1);
        }

        if (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is { } value)
        {
            // No call site states it: the parameter's declared default is what a call without it runs.
            var text = Format(value);
            var declared = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(Cancellation) is ParameterSyntax { Default.Value: { } written }
                ? written
                : null;
            return ResolvedValue.Known(text, declared?.GetLocation() ?? parameter.Locations.FirstOrDefault() ?? location, declared is null ? -1 : ContentOffset(declared, text), $"the default of parameter '{parameter.Name}' ({text})");
        }

        return ResolvedValue.Unknown($"parameter '{parameter.Name}' of {parameter.ContainingSymbol.Name}", location);
    }

    private ResolvedValue ResolveProperty(IPropertyReferenceOperation property, Location location, int depth)
    {
        if (property.Property.IsIndexer && Symbols.IsConfiguration(property.Instance?.Type) && property.Arguments.Length == 1)
        {
            return ResolvedValue.Unknown($"configuration key {KeyText(property.Arguments[0].Value, depth)} with no default", location);
        }

        // An object built in a local: what its initializer writes to the property wins over the property's own initializer.
        if (property.Instance is ILocalReferenceOperation instance && Index.Find(instance.Local) is { Writes: 0, Initializer: IObjectCreationOperation creation })
        {
            var written = creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
                .FirstOrDefault(a => a.Target is IPropertyReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Property, property.Property));
            if (written is not null)
            {
                return Resolve(written.Value, depth + 1);
            }
        }
        else if (property.Instance is not null and not IInstanceReferenceOperation)
        {
            return ResolvedValue.Unknown($"property '{property.Property.Name}' of {Shorten(property.Instance.Syntax)}", location);
        }

        return ResolveMember(property.Property, property, location, depth) ?? ResolvedValue.Unknown($"property '{property.Property.Name}'", location);
    }

    /// <summary>A field or property declared in source with an initializer (an options type's default, a static readonly value).</summary>
    private ResolvedValue? ResolveMember(ISymbol member, IOperation reference, Location location, int depth)
    {
        if (ResolveMemberInitializer(member, reference) is { } initializer)
        {
            return Resolve(initializer, depth + 1);
        }

        // Declared in another file (a partial class, an options type elsewhere): read from its syntax, never bound from here.
        return MemberDefaults.Read(member, Cancellation) is { } text ? ResolvedValue.Known(text.Value, text.Location, text.ContentOffset) : null;
    }

    /// <summary>The initializer of a member declared in the same file as <paramref name="reference"/>, as an operation.</summary>
    private IOperation? ResolveMemberInitializer(ISymbol member, IOperation reference)
    {
        var syntax = MemberDefaults.InitializerSyntax(member, Cancellation);
        return syntax is not null && reference.SemanticModel is { } model && syntax.SyntaxTree == model.SyntaxTree ? model.GetOperation(syntax, Cancellation) : null;
    }

    private ResolvedValue ResolveInvocation(IInvocationOperation invocation, Location location, int depth)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "ToString" when invocation.Arguments.Length == 0 && invocation.Instance is { } receiver:
                return Resolve(receiver, depth + 1);
            case "GetValue" when Symbols.ConfigurationBinder is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, Symbols.ConfigurationBinder):
            {
                var key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key")?.Value;
                var source = $"configuration key {KeyText(key, depth)}";
                var fallback = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "defaultValue" && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;
                if (fallback is null)
                {
                    return ResolvedValue.Unknown(source + " with no default", location);
                }

                var value = Resolve(fallback, depth + 1);
                return value.IsKnown ? value.WithNote($"{source} (default {value.Text})") : ResolvedValue.Unknown($"{source}, whose default is {value.Origin.Unresolved}", location);
            }

            case "GetEnvironmentVariable" when SymbolEqualityComparer.Default.Equals(method.ContainingType, Symbols.Environment):
                return ResolvedValue.Unknown($"environment variable {KeyText(invocation.Arguments.FirstOrDefault()?.Value, depth)}", location);
            case "Join" when method.ContainingType.SpecialType == SpecialType.System_String && invocation.Arguments.Length >= 2:
            {
                var separator = Resolve(invocation.Arguments[0].Value, depth + 1);
                var parts = invocation.Arguments.Length == 2
                    ? Elements(invocation.Arguments[1].Value, depth + 1) ?? new[] { Resolve(invocation.Arguments[1].Value, depth + 1) }
                    : invocation.Arguments.Skip(1).Select(a => Resolve(a.Value, depth + 1)).ToList();
                if (!separator.IsKnown)
                {
                    return separator;
                }

                return parts.FirstOrDefault(p => !p.IsKnown) ?? new ResolvedValue(string.Join(separator.Text, parts.Select(p => p.Text)), new ValueOrigin(location, -1));
            }
        }

        // A method of this file that returns one expression: its value, parameters bound.
        if (BodyOf(method, invocation, Cancellation) is { } body && Into(invocation, method, body) is { } inner)
        {
            var returned = body is IBlockOperation block
                ? block.Descendants().OfType<IReturnOperation>().Select(r => r.ReturnedValue).ToList()
                : new List<IOperation?> { body };
            if (returned.Count == 1 && returned[0] is { } only)
            {
                return inner.Resolve(only, depth + 1);
            }
        }

        return ResolvedValue.Unknown($"the result of {method.Name}()", location);
    }

    private ResolvedValue ResolveParts(IReadOnlyList<IOperation> parts, Location location, int depth)
    {
        var segments = new List<(string, ValueOrigin)>();
        foreach (var part in parts)
        {
            if (part is IInterpolatedStringTextOperation text)
            {
                var literal = text.Text.ConstantValue.Value as string ?? "";
                var raw = text.Syntax.ToString();
                segments.Add((literal, new ValueOrigin(text.Syntax.GetLocation(), raw == literal ? 0 : -1, literal.Length)));
                continue;
            }

            var value = Resolve(part, depth + 1);
            if (!value.IsKnown)
            {
                return value;
            }

            if (value.Segments is { } nested)
            {
                segments.AddRange(nested);
            }
            else
            {
                segments.Add((value.Text!, value.Origin));
            }
        }

        return new ResolvedValue(string.Concat(segments.Select(s => s.Item1)), new ValueOrigin(location, -1), segments);
    }

    private IReadOnlyList<ResolvedValue> LocalElements(ILocalReferenceOperation reference, int depth)
    {
        var facts = Index.Find(reference.Local);
        if (facts?.Initializer is not { } initializer || facts.Writes > 0)
        {
            return new[] { ResolvedValue.Unknown($"local '{reference.Local.Name}', which is assigned at run time", reference.Syntax.GetLocation()) };
        }

        var items = new List<ResolvedValue>(Elements(initializer, depth + 1) ?? new[] { Resolve(initializer, depth + 1) });

        // Later Add/AddRange calls on the local, in source order, up to where it is used.
        foreach (var use in facts.References)
        {
            if (use.Syntax.SpanStart >= reference.Syntax.SpanStart)
            {
                break;
            }

            if (use.Parent is IInvocationOperation call && call.Instance == use)
            {
                switch (call.TargetMethod.Name)
                {
                    case "Add" when call.Arguments.Length == 1:
                        items.AddRange(AddedValues(call.Arguments[0].Value, depth));
                        break;
                    case "AddRange" when call.Arguments.Length == 1:
                        items.AddRange(Elements(call.Arguments[0].Value, depth + 1) ?? new[] { Resolve(call.Arguments[0].Value, depth + 1) });
                        break;
                    case "Insert" or "InsertRange" or "Remove" or "RemoveAt" or "RemoveAll" or "Clear" or "Reverse" or "Sort":
                        return new[] { ResolvedValue.Unknown($"local '{reference.Local.Name}', rearranged by {call.TargetMethod.Name}()", call.Syntax.GetLocation()) };
                }
            }
        }

        return items;
    }

    /// <summary>What one <c>Add(x)</c> adds: x, or each element of the collection a foreach walks when x is its variable.</summary>
    public IReadOnlyList<ResolvedValue> AddedValues(IOperation value, int depth = 0)
    {
        if (Unwrap(value) is ILocalReferenceOperation local && Index.Find(local.Local)?.Loop is { } loop)
        {
            return Elements(loop.Collection, depth + 1) ?? new[] { ResolvedValue.Unknown($"each element of {Shorten(loop.Collection.Syntax)}", loop.Collection.Syntax.GetLocation()) };
        }

        return new[] { Resolve(value, depth + 1) };
    }

    private string KeyText(IOperation? key, int depth)
    {
        var value = key is null ? null : Resolve(key, depth + 1);
        return value?.Text ?? (key is null ? "?" : Shorten(key.Syntax));
    }

    private bool IsStringCollection(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments.Length == 1
        && named.TypeArguments[0].SpecialType is SpecialType.System_String or SpecialType.System_Object
        && named.Name is "List" or "IList" or "IEnumerable" or "ICollection" or "IReadOnlyList" or "IReadOnlyCollection" or "Collection";

    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IArgumentOperation argument:
                    operation = argument.Value;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static string Shorten(SyntaxNode syntax)
    {
        var text = syntax.ToString().Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    /// <summary>Where a literal's characters start: 1 for "...", 2 for @"...", 0 for a number, when no escape shifts them; else -1.</summary>
    public static int ContentOffset(SyntaxNode syntax, string text)
    {
        if (syntax is not LiteralExpressionSyntax literal)
        {
            return -1;
        }

        var token = literal.Token;
        if (token.IsKind(SyntaxKind.NumericLiteralToken))
        {
            return token.Text == text ? 0 : -1;
        }

        if (!token.IsKind(SyntaxKind.StringLiteralToken))
        {
            return -1;
        }

        var raw = token.Text;
        var prefix = raw.StartsWith("@\"", StringComparison.Ordinal) ? 2 : raw.StartsWith("\"", StringComparison.Ordinal) && !raw.StartsWith("\"\"\"", StringComparison.Ordinal) ? 1 : -1;
        return prefix > 0 && raw.Length == token.ValueText.Length + prefix + 1 ? prefix : -1;
    }

    public static string Format(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
