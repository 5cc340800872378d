// A linear program collected as triplets, shared by the exact MIP (model.cpp)
// and the compact relaxation (relaxation.cpp).
#pragma once

#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <string>
#include <vector>

namespace ploeg::formation::detail {

inline constexpr double infinity = 1e30;

// A linear program collected as triplets; objective maximised.
struct Lp {
  std::vector<double> col_lo, col_hi, obj;
  std::vector<char> integer;
  std::vector<std::string> col_name;
  std::vector<double> row_lo, row_hi;
  std::vector<int> rows, cols;
  std::vector<double> values;
  double constant = 0;

  int col(double lo, double hi, double objective, bool is_integer, std::string name) {
    col_lo.push_back(lo);
    col_hi.push_back(hi);
    obj.push_back(objective);
    integer.push_back(is_integer);
    col_name.push_back(std::move(name));
    return static_cast<int>(obj.size()) - 1;
  }
  int row(double lo, double hi) {
    row_lo.push_back(lo);
    row_hi.push_back(hi);
    return static_cast<int>(row_lo.size()) - 1;
  }
  void at(int r, int c, double v) {
    rows.push_back(r);
    cols.push_back(c);
    values.push_back(v);
  }
  int columns() const { return static_cast<int>(obj.size()); }

  // Loaded as a minimisation of the negated objective (CBC's native sense).
  void load(OsiClpSolverInterface& solver) const {
    CoinPackedMatrix matrix(true, rows.data(), cols.data(), values.data(),
                            static_cast<CoinBigIndex>(values.size()));
    matrix.setDimensions(static_cast<int>(row_lo.size()), columns());
    std::vector<double> negated(obj.size());
    for (std::size_t j = 0; j < obj.size(); ++j) negated[j] = -obj[j];
    solver.loadProblem(matrix, col_lo.data(), col_hi.data(), negated.data(), row_lo.data(),
                       row_hi.data());
    for (int j = 0; j < columns(); ++j) {
      if (integer[j]) solver.setInteger(j);
    }
  }
};

}  // namespace ploeg::formation::detail
