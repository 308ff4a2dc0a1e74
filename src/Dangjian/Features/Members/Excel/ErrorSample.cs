namespace Dangjian.Features.Members;

/// <summary>
/// The errors of an import as a person can use them: the first <see cref="Capacity"/> in sheet order (row, then column),
/// plus how many there are and on how many rows. A sheet where every cell is wrong has hundreds of thousands of errors;
/// keeping them all would cost hundreds of megabytes and a response no one reads, so memory stays bounded by the capacity
/// (and the set of row numbers, bounded by the sheet's row limit).
/// </summary>
internal sealed class ErrorSample(int capacity)
{
    private readonly SortedSet<(int Row, int Column, long Sequence, string Message)> _first = new();
    private readonly HashSet<int> _rows = [];
    private long _sequence;

    public int Capacity { get; } = capacity;
    public int Total { get; private set; }
    public int Rows => _rows.Count;
    public bool Any => Total > 0;

    /// <summary>How many errors are held at most; exposed so that tests can check memory stays bounded.</summary>
    public int Held => _first.Count;

    public void Add(int row, int column, string message)
    {
        Total++;
        _rows.Add(row);
        var entry = (row, column, _sequence++, message);
        if (_first.Count < Capacity)
        {
            _first.Add(entry);
        }
        else if (entry.CompareTo(_first.Max) < 0)
        {
            _first.Remove(_first.Max);
            _first.Add(entry);
        }
    }

    public IEnumerable<(int Row, int Column, string Message)> InOrder() => _first.Select(e => (e.Row, e.Column, e.Message));
}
