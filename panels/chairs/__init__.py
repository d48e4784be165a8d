"""The independent chair pool, appointing a review's chair, and forming its panel."""
