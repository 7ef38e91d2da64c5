namespace Sfu.Core.Streams;

/// <summary>Copy-on-write list of sinks: delivery reads a plain array with no lock, changes are rare.</summary>
internal sealed class SinkList<T>
    where T : class
{
    private readonly object _gate = new();
    private T[] _items = [];

    public T[] Items => Volatile.Read(ref _items);

    public void Add(T item)
    {
        lock (_gate)
        {
            _items = [.. _items, item];
        }
    }

    public bool Remove(T item)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_items, item);
            if (index < 0)
            {
                return false;
            }

            _items = [.. _items.AsSpan(0, index), .. _items.AsSpan(index + 1)];
            return true;
        }
    }
}
