namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>
/// A TimeProvider the test moves. Timers fire when <see cref="Advance"/> passes them; with
/// <see cref="AutoAdvance"/>, a timer (Task.Delay) moves the clock to its due time at once and fires, and the
/// wait is recorded in <see cref="Waits"/>, so polling loops run instantly.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;

    public FakeClock() : this(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero))
    {
    }

    public bool AutoAdvance { get; init; }

    public List<TimeSpan> Waits { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Waits (in real time, briefly) until someone has set a timer due <paramref name="dueIn"/> from now.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueIn)
    {
        for (var i = 0; i < 500; i++)
        {
            lock (_gate)
            {
                if (_timers.Any(t => t.DueAt - _now == dueIn)) return;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"No timer due in {dueIn} was set");
    }

    public void Advance(TimeSpan by)
    {
        List<FakeTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).ToList();
            foreach (var t in due) _timers.Remove(t);
        }
        foreach (var timer in due) timer.Fire();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(FakeTimer timer, TimeSpan dueTime)
    {
        if (AutoAdvance)
        {
            lock (_gate)
            {
                Waits.Add(dueTime);
                _now += dueTime;
            }
            // Fire after CreateTimer has returned, as a real timer would.
            _ = Task.Run(timer.Fire);
            return;
        }
        lock (_gate)
        {
            timer.DueAt = _now + dueTime;
            _timers.Add(timer);
        }
    }

    private void Unschedule(FakeTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Unschedule(this);
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan) return true;
            if (dueTime == TimeSpan.Zero)
            {
                _ = Task.Run(Fire);
                return true;
            }
            clock.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (!_disposed) callback(state);
        }

        public void Dispose()
        {
            _disposed = true;
            clock.Unschedule(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
