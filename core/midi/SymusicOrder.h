// SymusicOrder: sorts events by time leaving equal-time events in exactly the order symusic 0.5.8
// leaves them.
//
// symusic sorts tempos, time signatures, key signatures and markers with pdqsort_branchless
// (Orson Peters' pattern-defeating quicksort, block partitioning) comparing only `time`. That sort
// is not stable, and MidiTok keeps the last of several tempos at one tick, so the order of
// equal-time events reaches the tokens. This is our own implementation of the same algorithm with
// the same pivot choices, partitioning, pattern breaking and insertion-sort cut-offs, hence the
// same permutation; it is checked against the original in tst_score (golden permutations).
//
// `symusicPreimage` answers the writer's question: in which order must events be written so that
// a reader sorting like symusic gets back the given order?
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mozart::midi {

namespace symusic_order_detail {

// The algorithm's constants; they shape the permutation, so they must not be tuned.
constexpr std::ptrdiff_t kInsertionSortThreshold = 24;
constexpr std::ptrdiff_t kNintherThreshold = 128;
constexpr std::size_t kPartialInsertionSortLimit = 8;
constexpr std::size_t kBlockSize = 64;

template <class T, class Less>
class PatternDefeatingSort {
public:
    explicit PatternDefeatingSort(Less less) : less_(less) {}

    void sort(T* begin, T* end) {
        if (begin == end) return;
        int log2 = 0;
        for (auto n = end - begin; n >>= 1;) ++log2;
        loop(begin, end, log2, true);
    }

private:
    Less less_;

    // Shifts *cur left past every element it is less than. `guarded`: stop at `begin` (otherwise
    // an element not greater than *cur is known to sit before begin). Returns how far it moved.
    std::ptrdiff_t insertOne(T* begin, T* cur, bool guarded) {
        if (!less_(*cur, *(cur - 1))) return 0;
        T moving = std::move(*cur);
        T* hole = cur;
        do {
            *hole = std::move(*(hole - 1));
            --hole;
        } while ((!guarded || hole != begin) && less_(moving, *(hole - 1)));
        *hole = std::move(moving);
        return cur - hole;
    }

    void insertionSort(T* begin, T* end, bool guarded) {
        if (begin == end) return;
        for (T* cur = begin + 1; cur != end; ++cur) insertOne(begin, cur, guarded);
    }

    // Insertion sort that gives up (leaving the range partly sorted) once it has moved elements
    // more than kPartialInsertionSortLimit places in total.
    bool partialInsertionSort(T* begin, T* end) {
        if (begin == end) return true;
        std::size_t moved = 0;
        for (T* cur = begin + 1; cur != end; ++cur) {
            moved += std::size_t(insertOne(begin, cur, true));
            if (moved > kPartialInsertionSortLimit) return false;
        }
        return true;
    }

    void sort2(T* a, T* b) {
        if (less_(*b, *a)) std::iter_swap(a, b);
    }
    void sort3(T* a, T* b, T* c) {
        sort2(a, b);
        sort2(b, c);
        sort2(a, b);
    }

    // Moves the misplaced elements named by two offset lists across. With equally many on both
    // sides plain swaps are used; otherwise a cyclic rotation, which permutes differently and is
    // therefore reproduced exactly.
    static void exchange(T* leftBase, T* rightBase, const unsigned char* leftOffsets,
                         const unsigned char* rightOffsets, std::size_t count, bool useSwaps) {
        if (useSwaps) {
            for (std::size_t i = 0; i < count; ++i)
                std::iter_swap(leftBase + leftOffsets[i], rightBase - rightOffsets[i]);
            return;
        }
        if (count == 0) return;
        T* l = leftBase + leftOffsets[0];
        T* r = rightBase - rightOffsets[0];
        T carried = std::move(*l);
        *l = std::move(*r);
        for (std::size_t i = 1; i < count; ++i) {
            l = leftBase + leftOffsets[i];
            *r = std::move(*l);
            r = rightBase - rightOffsets[i];
            *l = std::move(*r);
        }
        *r = std::move(carried);
    }

    // Partitions around *begin (a median of at least 3): smaller elements left, others right.
    // Returns the pivot's final place and whether the range was already partitioned.
    std::pair<T*, bool> partitionRight(T* begin, T* end) {
        T pivot = std::move(*begin);
        T* first = begin;
        T* last = end;
        while (less_(*++first, pivot)) {
        }
        if (first - 1 == begin) {
            while (first < last && !less_(*--last, pivot)) {
            }
        } else {
            while (!less_(*--last, pivot)) {
            }
        }
        const bool alreadyPartitioned = first >= last;
        if (!alreadyPartitioned) {
            std::iter_swap(first, last);
            ++first;

            // Block partitioning: record offsets of misplaced elements in blocks of up to 64 on
            // each side, then exchange them in bulk.
            unsigned char leftOffsets[kBlockSize];
            unsigned char rightOffsets[kBlockSize];
            T* leftBase = first;
            T* rightBase = last;
            std::size_t numLeft = 0, numRight = 0, startLeft = 0, startRight = 0;

            while (first < last) {
                const std::size_t unknown = std::size_t(last - first);
                const std::size_t leftSplit =
                    numLeft == 0 ? (numRight == 0 ? unknown / 2 : unknown) : 0;
                const std::size_t rightSplit = numRight == 0 ? unknown - leftSplit : 0;

                const std::size_t leftScan = std::min(leftSplit, kBlockSize);
                for (std::size_t i = 0; i < leftScan; ++i) {
                    leftOffsets[numLeft] = static_cast<unsigned char>(i);
                    numLeft += !less_(*first, pivot);
                    ++first;
                }
                const std::size_t rightScan = std::min(rightSplit, kBlockSize);
                for (std::size_t i = 0; i < rightScan; ++i) {
                    rightOffsets[numRight] = static_cast<unsigned char>(i + 1);
                    numRight += less_(*--last, pivot);
                }

                const std::size_t count = std::min(numLeft, numRight);
                exchange(leftBase, rightBase, leftOffsets + startLeft, rightOffsets + startRight,
                         count, numLeft == numRight);
                numLeft -= count;
                numRight -= count;
                startLeft += count;
                startRight += count;
                if (numLeft == 0) {
                    startLeft = 0;
                    leftBase = first;
                }
                if (numRight == 0) {
                    startRight = 0;
                    rightBase = last;
                }
            }

            if (numLeft) {
                const unsigned char* offsets = leftOffsets + startLeft;
                while (numLeft--) std::iter_swap(leftBase + offsets[numLeft], --last);
                first = last;
            }
            if (numRight) {
                const unsigned char* offsets = rightOffsets + startRight;
                while (numRight--) {
                    std::iter_swap(rightBase - offsets[numRight], first);
                    ++first;
                }
                last = first;
            }
        }
        T* pivotPos = first - 1;
        *begin = std::move(*pivotPos);
        *pivotPos = std::move(pivot);
        return {pivotPos, alreadyPartitioned};
    }

    // Partitions with elements equal to the pivot going left; used when many equal keys repeat.
    T* partitionLeft(T* begin, T* end) {
        T pivot = std::move(*begin);
        T* first = begin;
        T* last = end;
        while (less_(pivot, *--last)) {
        }
        if (last + 1 == end) {
            while (first < last && !less_(pivot, *++first)) {
            }
        } else {
            while (!less_(pivot, *++first)) {
            }
        }
        while (first < last) {
            std::iter_swap(first, last);
            while (less_(pivot, *--last)) {
            }
            while (!less_(pivot, *++first)) {
            }
        }
        *begin = std::move(*last);
        *last = std::move(pivot);
        return last;
    }

    void loop(T* begin, T* end, int badAllowed, bool leftmost) {
        for (;;) {
            const std::ptrdiff_t size = end - begin;
            if (size < kInsertionSortThreshold) {
                insertionSort(begin, end, leftmost);
                return;
            }

            const std::ptrdiff_t half = size / 2;
            if (size > kNintherThreshold) {
                sort3(begin, begin + half, end - 1);
                sort3(begin + 1, begin + (half - 1), end - 2);
                sort3(begin + 2, begin + (half + 1), end - 3);
                sort3(begin + (half - 1), begin + half, begin + (half + 1));
                std::iter_swap(begin, begin + half);
            } else {
                sort3(begin + half, begin, end - 1);
            }

            // The element before this range ends a previous right partition, so nothing here is
            // smaller; if the pivot equals it, gather the equal run on the left and skip it.
            if (!leftmost && !less_(*(begin - 1), *begin)) {
                begin = partitionLeft(begin, end) + 1;
                continue;
            }

            const auto [pivotPos, alreadyPartitioned] = partitionRight(begin, end);
            const std::ptrdiff_t leftSize = pivotPos - begin;
            const std::ptrdiff_t rightSize = end - (pivotPos + 1);
            const bool highlyUnbalanced = leftSize < size / 8 || rightSize < size / 8;

            if (highlyUnbalanced) {
                // Too many bad partitions: heapsort (std's, as in the original) bounds the time.
                if (--badAllowed == 0) {
                    std::make_heap(begin, end, less_);
                    std::sort_heap(begin, end, less_);
                    return;
                }
                // Otherwise shuffle a few elements of each large side to break patterns.
                if (leftSize >= kInsertionSortThreshold) {
                    std::iter_swap(begin, begin + leftSize / 4);
                    std::iter_swap(pivotPos - 1, pivotPos - leftSize / 4);
                    if (leftSize > kNintherThreshold) {
                        std::iter_swap(begin + 1, begin + (leftSize / 4 + 1));
                        std::iter_swap(begin + 2, begin + (leftSize / 4 + 2));
                        std::iter_swap(pivotPos - 2, pivotPos - (leftSize / 4 + 1));
                        std::iter_swap(pivotPos - 3, pivotPos - (leftSize / 4 + 2));
                    }
                }
                if (rightSize >= kInsertionSortThreshold) {
                    std::iter_swap(pivotPos + 1, pivotPos + (1 + rightSize / 4));
                    std::iter_swap(end - 1, end - rightSize / 4);
                    if (rightSize > kNintherThreshold) {
                        std::iter_swap(pivotPos + 2, pivotPos + (2 + rightSize / 4));
                        std::iter_swap(pivotPos + 3, pivotPos + (3 + rightSize / 4));
                        std::iter_swap(end - 2, end - (1 + rightSize / 4));
                        std::iter_swap(end - 3, end - (2 + rightSize / 4));
                    }
                }
            } else if (alreadyPartitioned && partialInsertionSort(begin, pivotPos) &&
                       partialInsertionSort(pivotPos + 1, end)) {
                return;
            }

            loop(begin, pivotPos, badAllowed, leftmost);
            begin = pivotPos + 1;
            leftmost = false;
        }
    }
};

}  // namespace symusic_order_detail

// Sorts `events` by their `time` member exactly as symusic does (see the file comment).
template <class Event>
void sortByTimeLikeSymusic(std::vector<Event>& events) {
    auto byTime = [](const Event& a, const Event& b) { return a.time < b.time; };
    symusic_order_detail::PatternDefeatingSort<Event, decltype(byTime)> sorter(byTime);
    sorter.sort(events.data(), events.data() + events.size());
}

// For events already sorted by time, returns the order to write them in so that reading them back
// and sorting like symusic restores `sorted` exactly: write sorted[k] as the i-th event where
// result[i] == k. (The sort's permutation depends only on the times, which the written order
// shares with `sorted`, so the permutation can be computed on indices and inverted.)
template <class Event>
std::vector<std::size_t> symusicPreimage(const std::vector<Event>& sorted) {
    struct Key {
        std::int64_t time;
        std::size_t slot;
    };
    std::vector<Key> keys(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) keys[i] = {std::int64_t(sorted[i].time), i};
    sortByTimeLikeSymusic(keys);
    // keys[i].slot is the written position whose event ends up at sorted position i.
    std::vector<std::size_t> order(sorted.size());
    for (std::size_t i = 0; i < keys.size(); ++i) order[keys[i].slot] = i;
    return order;
}

}  // namespace mozart::midi
