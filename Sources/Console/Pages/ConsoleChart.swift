import Foundation
import Outbox

/// An inline SVG line chart of values per minute: only numbers reach the SVG, as points of a polyline, so nothing a
/// row holds is ever drawn into it.
struct ConsoleChart {
    struct Series {
        let cssClass: String
        let points: String
    }

    let width: Int
    let height: Int
    let series: [Series]
    let startLabel: String
    let endLabel: String

    /// - Parameters:
    ///   - minutes: the minutes that had attempts, any order; the others count 0.
    ///   - end: the current minute; the chart shows the `count` minutes up to it.
    ///   - values: each series' class and how it reads a minute.
    init(
        minutes: [ConsoleRecords.Minute],
        end: Date,
        count: Int = ConsoleLimits.chartMinutes,
        values: [(cssClass: String, value: (ConsoleRecords.Minute) -> Int)]
    ) {
        let lastMinute = (end.timeIntervalSince1970 / 60).rounded(.down)
        let first = lastMinute - Double(count - 1)
        var slots = Array(repeating: [Int](repeating: 0, count: values.count), count: count)
        for minute in minutes {
            let index = Int((minute.start.timeIntervalSince1970 / 60).rounded(.down) - first)
            guard slots.indices.contains(index) else { continue }
            for (series, reader) in values.enumerated() { slots[index][series] += reader.value(minute) }
        }
        let peak = max(1, slots.flatMap { $0 }.max() ?? 1)
        let height = 100
        self.width = count
        self.height = height
        self.series = values.indices.map { series in
            let points = slots.enumerated().map { index, slot in
                "\(index),\(ConsoleFormat.decimal(Double(height) - Double(slot[series]) * Double(height) / Double(peak), digits: 1))"
            }
            return Series(cssClass: values[series].cssClass, points: points.joined(separator: " "))
        }
        self.startLabel = ConsoleFormat.time(Date(timeIntervalSince1970: first * 60))
        self.endLabel = ConsoleFormat.time(Date(timeIntervalSince1970: lastMinute * 60))
    }
}
