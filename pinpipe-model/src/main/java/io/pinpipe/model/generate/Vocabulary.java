package io.pinpipe.model.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Word pools for synthetic text: several languages, emoji outside the BMP, real country names. */
final class Vocabulary {
  static final List<String> CATEGORIES =
      List.of(
          "art", "beauty", "christmas", "diy-and-crafts", "education", "event-planning", "finance",
          "home-decor", "mens-fashion", "quotes", "tattoos", "travel", "vehicles");

  static final String[] WORDS = {
    "easy", "ideas", "home", "diy", "best", "simple", "modern", "vintage", "cute", "beautiful",
    "amazing", "creative", "budget", "small", "living", "room", "kitchen", "garden", "wall", "art",
    "painting", "drawing", "watercolor", "makeup", "hair", "nails", "skincare", "tips", "tutorial",
    "gift", "christmas", "tree", "decor", "wedding", "party", "birthday", "money", "saving", "budget",
    "investing", "style", "outfit", "men", "fashion", "quote", "life", "love", "inspiration", "tattoo",
    "design", "minimalist", "travel", "beach", "mountain", "road", "trip", "car", "truck", "classic",
    "motorcycle", "school", "learning", "kids", "teacher", "printable", "free", "winter", "summer",
    "autumn", "spring", "color", "black", "white", "gold", "rustic", "farmhouse", "cozy", "bedroom"
  };

  static final String[] FOREIGN_WORDS = {
    "décoration", "idées", "maison", "cuisine", "jardín", "ideas fáciles", "regalo", "Weihnachten",
    "Geschenk", "schön", "家", "インテリア", "かわいい", "ネイル", "手作り", "装饰", "旅行", "Москва",
    "идеи", "подарок", "دیزاین", "هدية", "सजावट", "güzel", "fikirler", "ευτυχία", "São Paulo", "crème"
  };

  static final String[] EMOJI = {
    "\uD83D\uDE0D", "\u2764\uFE0F", "\uD83C\uDF84", "\uD83C\uDF81", "\u2728", "\uD83D\uDC85",
    "\uD83D\uDE97", "\uD83C\uDFE1", "\uD83D\uDCB0", "\uD83C\uDF34", "\uD83D\uDD25", "\uD83C\uDF38"
  };

  static final String[] FIRST_NAMES = {
    "Aaron", "Abigail", "Adam", "Alexander", "Alexandra", "Alicia", "Amanda", "Andre", "Andrea",
    "Angela", "Anthony", "Ashley", "Benjamin", "Brandon", "Brian", "Brittany", "Caleb", "Carlos",
    "Catherine", "Charles", "Chloe", "Christopher", "Daniel", "David", "Diana", "Dominic", "Dylan",
    "Elizabeth", "Emily", "Emma", "Eric", "Ethan", "Gabriel", "Grace", "Hannah", "Isabella", "Jack",
    "Jacob", "James", "Jasmine", "Jennifer", "Jessica", "John", "Jonathan", "Jordan", "Joseph",
    "Joshua", "Julia", "Justin", "Katherine", "Kayla", "Kevin", "Kyle", "Laura", "Lauren", "Leah",
    "Lucas", "Madison", "Maria", "Mark", "Matthew", "Megan", "Michael", "Michelle", "Natalie",
    "Nathan", "Nicholas", "Nicole", "Noah", "Olivia", "Patrick", "Rachel", "Rebecca", "Robert",
    "Ryan", "Samantha", "Samuel", "Sara", "Sarah", "Sean", "Sophia", "Stephanie", "Steven", "Taylor",
    "Thomas", "Tyler", "Victoria", "William", "Zachary", "Zoe"
  };

  static final String[] LAST_NAMES = {
    "Adams", "Allen", "Anderson", "Bailey", "Baker", "Barnes", "Bell", "Bennett", "Brooks", "Brown",
    "Butler", "Campbell", "Carter", "Clark", "Collins", "Cook", "Cooper", "Cox", "Cruz", "Davis",
    "Diaz", "Edwards", "Evans", "Fisher", "Flores", "Foster", "Garcia", "Gomez", "Gonzalez", "Gray",
    "Green", "Griffin", "Hall", "Harris", "Hayes", "Hernandez", "Hill", "Howard", "Hughes", "Jackson",
    "James", "Jenkins", "Johnson", "Jones", "Kelly", "King", "Lee", "Lewis", "Long", "Lopez",
    "Martin", "Martinez", "Miller", "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Myers",
    "Nelson", "Nguyen", "O'Brien", "O'Connor", "Ortiz", "Parker", "Perez", "Perry", "Peterson",
    "Phillips", "Powell", "Price", "Ramirez", "Reed", "Reyes", "Richardson", "Rivera", "Roberts",
    "Robinson", "Rodriguez", "Rogers", "Ross", "Russell", "Sanchez", "Sanders", "Scott", "Smith",
    "Stewart", "Sullivan", "Taylor", "Thomas", "Thompson", "Torres", "Turner", "Walker", "Ward",
    "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Young"
  };

  static final String[] POSTER_WORDS = {
    "Studio", "Home", "Design", "Life", "Daily", "Style", "Crafts", "Kitchen", "Corner", "Co.",
    "Blog", "Magazine", "Boutique", "Collective", "Lab", "Journal", "Hub", "World", "Club", "Shop"
  };

  static final List<String> COUNTRIES = loadCountries();

  private Vocabulary() {}

  private static List<String> loadCountries() {
    try (InputStream in = Vocabulary.class.getResourceAsStream("countries.txt")) {
      if (in == null) {
        throw new IllegalStateException("Cannot load countries.txt: resource missing from pinpipe-model");
      }
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load countries.txt", e);
    }
  }
}
