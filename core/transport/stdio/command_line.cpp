#include "core/transport/stdio/command_line.hpp"

#include "core/error.hpp"

namespace mcpgw::transport::stdio {

std::vector<std::string> split_command_line(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      auto end = command.find('\'', i + 1);
      if (end == std::string_view::npos) throw ConfigError("unclosed ' in command: " + std::string(command));
      word.append(command.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        // Inside double quotes a backslash escapes only these, as in sh.
        if (command[j] == '\\' && j + 1 < command.size() &&
            std::string_view("\"\\$`").find(command[j + 1]) != std::string_view::npos)
          ++j;
        word.push_back(command[j]);
      }
      if (j >= command.size()) throw ConfigError("unclosed \" in command: " + std::string(command));
      i = j;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word.push_back(command[++i]);
      in_word = true;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) throw ConfigError("empty command");
  return words;
}

}  // namespace mcpgw::transport::stdio
